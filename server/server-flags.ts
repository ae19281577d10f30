/**
 * Node flags the server runs with (`npm start`). package.json's `start` script spells them out
 * (npm scripts cannot import); the benchmark and the tests that spawn the server read them here,
 * so they measure and test what users run. tests/unit/server-flags.test.ts keeps the two equal.
 *
 * `--max-semi-space-size=64` (MB; V8's default on 64-bit is 16): the gateway allocates ~45 KB
 * per request and a young-generation collection costs about the same whatever the young
 * generation's size (it copies what survives: requests in flight, decisions waiting for their
 * batch), so a 4× larger semi-space means ~4× fewer scavenges. Measured at 50 connections:
 * scavenge time 16–19 → 9–10 µs per request, for ~100 MB more resident memory under load
 * (docs/gateway.md, "What a request costs"; docs/benchmarks.md).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64"];
