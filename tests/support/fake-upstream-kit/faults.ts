/**
 * Fault specs of the fake upstream. Text form (header `x-fake-fault`, model suffix
 * `@fault=...`, or `setFault(model, "...")`): the mode first, then parameters, separated by `,` or
 * `;`, each `key:value` or `key=value`. Examples: `status:503,retry-after:2`, `delay:300`,
 * `stall-headers`, `keepalive:20`, `cut-after:3`, `stall-after:2`, `error-event:overloaded_error`,
 * `malformed,after:1`, `no-usage`, `redirect:302`, `reset`.
 */
export type FaultMode =
  | "status"
  | "delay"
  | "stall-headers"
  | "keepalive"
  | "cut-after"
  | "stall-after"
  | "error-event"
  | "malformed"
  | "no-usage"
  | "redirect"
  | "reset";

export interface FaultSpec {
  mode: FaultMode;
  /** `status`, `redirect`: the HTTP status (default 500 / 302). */
  status?: number;
  /** `status`: Retry-After header value, as sent (seconds or an HTTP date). */
  retryAfter?: string;
  /** `status`: the error body's `code`/`type` and message. */
  code?: string;
  message?: string;
  /** `delay`: ms before headers. `keepalive`: interval between comments. */
  ms?: number;
  /** `cut-after`, `stall-after`, `error-event`, `malformed`: content tokens sent before the fault. */
  after?: number;
}

const MODES = new Set<string>([
  "status",
  "delay",
  "stall-headers",
  "keepalive",
  "cut-after",
  "stall-after",
  "error-event",
  "malformed",
  "no-usage",
  "redirect",
  "reset",
]);

/** Parses the text form; throws on an unknown mode so a typo fails the test loudly. */
export function parseFault(text: string): FaultSpec {
  const pairs = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((p) => {
      const i = p.search(/[:=]/);
      return i === -1 ? [p, ""] : [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    });
  const [mode = "", arg = ""] = pairs[0] ?? [];
  if (!MODES.has(mode)) throw new Error(`fake upstream: unknown fault mode "${mode}"`);
  const spec: FaultSpec = { mode: mode as FaultMode };
  const num = (v: string): number | undefined => (v === "" ? undefined : Number(v));
  switch (spec.mode) {
    case "status":
    case "redirect":
      spec.status = num(arg) ?? (spec.mode === "status" ? 500 : 302);
      break;
    case "delay":
    case "keepalive":
      spec.ms = num(arg) ?? (spec.mode === "delay" ? 100 : 20);
      break;
    case "cut-after":
    case "stall-after":
    case "malformed":
      spec.after = num(arg) ?? (spec.mode === "malformed" ? 0 : 1);
      break;
    case "error-event":
      spec.code = arg || "overloaded_error";
      spec.after = 0;
      break;
    default:
      break;
  }
  for (const [key = "", value = ""] of pairs.slice(1)) {
    if (key === "retry-after") spec.retryAfter = value;
    else if (key === "code" || key === "type") spec.code = value;
    else if (key === "message") spec.message = value;
    else if (key === "after") spec.after = Number(value);
    else if (key === "ms") spec.ms = Number(value);
  }
  return spec;
}

/** Splits `fake-model@fault=status:503` into the model and its fault. */
export function splitModelFault(model: string): { model: string; fault: FaultSpec | undefined } {
  const at = model.indexOf("@fault=");
  if (at === -1) return { model, fault: undefined };
  return { model: model.slice(0, at), fault: parseFault(model.slice(at + 7)) };
}
