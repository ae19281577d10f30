/**
 * The platform's clock, captured when this module loads. When Next's server starts it replaces
 * the global `Date` with a wrapper that reports every clock read to its prerendering checks
 * (node-environment-extensions/date.js); the wrapper builds dates with `Reflect.construct` and
 * cost ~1.4% of the `/v1` fast path's CPU. The fast path never prerenders, and `npm start` loads
 * this module before Next starts, so its hot paths read the clock through these. Under `next dev`
 * or `next start` this module loads after Next and simply holds the wrapper. Dates made here are
 * ordinary `Date`s (same prototype; `instanceof Date` holds). Fake timers that replace the global
 * `Date` after load do not reach these: code under test takes a `clock` option instead (every
 * service that reads the time does).
 */
export const NativeDate: DateConstructor = Date;

/** Unix milliseconds (`Date.now` as it was when this module loaded). */
export const nowMs: () => number = Date.now;
