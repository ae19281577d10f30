import { describe, expect, it } from "vitest";
import { ProviderError } from "@/lib/providers/errors";
import { startAttemptRecord } from "./attempt-record";
import { countsAgainstBreaker, createBreakers } from "./breakers";

function setup() {
  let now = 0;
  const breakers = createBreakers({
    clock: () => now,
    consecutiveFailures: 3,
    cooldownMs: 1000,
    windowSize: 10,
    minSamples: 6,
  });
  return { breakers, advance: (ms: number) => (now += ms) };
}

describe("breakers", () => {
  it("opens after consecutive failures, half-opens after the cooldown, closes on a probe success", () => {
    const { breakers, advance } = setup();
    for (let i = 0; i < 3; i++) breakers.recordFailure("m", "server_error");
    expect(breakers.health().get("m")?.breaker).toBe("open");
    expect(breakers.tryAcquire("m")).toBe(false);
    advance(1000);
    expect(breakers.health().get("m")?.breaker).toBe("half_open");
    expect(breakers.tryAcquire("m")).toBe(true);
    expect(breakers.tryAcquire("m")).toBe(false);
    breakers.recordSuccess("m", 120);
    expect(breakers.health().get("m")?.breaker).toBe("closed");
    expect(breakers.tryAcquire("m")).toBe(true);
  });

  it("re-opens when the half-open probe fails", () => {
    const { breakers, advance } = setup();
    for (let i = 0; i < 3; i++) breakers.recordFailure("m", "timeout");
    advance(1000);
    expect(breakers.tryAcquire("m")).toBe(true);
    breakers.recordFailure("m", "timeout");
    expect(breakers.tryAcquire("m")).toBe(false);
  });

  it("opens on the failure rate over the window", () => {
    const { breakers } = setup();
    for (let i = 0; i < 3; i++) {
      breakers.recordSuccess("m", 10);
      breakers.recordFailure("m", "server_error");
    }
    expect(breakers.health().get("m")?.breaker).toBe("open");
  });

  it("ignores failures that say nothing about the deployment", () => {
    const { breakers } = setup();
    for (let i = 0; i < 5; i++) breakers.recordFailure("m", "invalid_request");
    expect(breakers.tryAcquire("m")).toBe(true);
  });

  it("reports observed latency percentiles", () => {
    const { breakers, advance } = setup();
    for (let i = 1; i <= 100; i++) breakers.recordSuccess("m", i);
    advance(2000);
    const health = breakers.health().get("m");
    expect(health?.p50LatencyMs).toBe(51);
    expect(health?.p95LatencyMs).toBe(96);
  });
});

describe("countsAgainstBreaker (issue 13)", () => {
  const step = {
    model: "m",
    provider: "p",
  } as unknown as Parameters<typeof startAttemptRecord>[2];
  const failed = (errorClass: string) => ({
    ...startAttemptRecord(0, "attempt", step, 0),
    outcome: "error" as const,
    errorClass,
  });

  it("counts only the provider layer's errors, once per request and deployment", () => {
    const record = startAttemptRecord(0, "attempt", step, 0);
    const upstream = new ProviderError("server_error", "upstream 500");
    expect(countsAgainstBreaker(upstream, record, [record])).toBe(true);
    // The gateway's own failure (e.g. a body too deep to serialize) says nothing of the model.
    expect(
      countsAgainstBreaker(new RangeError("Maximum call stack size exceeded"), record, [record]),
    ).toBe(false);
    // A retry of the same request on the same model repeats the evidence already counted.
    expect(countsAgainstBreaker(upstream, record, [failed("server_error"), record])).toBe(false);
    // An earlier failure that did not count (the request's own fault) does not use up the one.
    expect(countsAgainstBreaker(upstream, record, [failed("invalid_request"), record])).toBe(true);
  });
});
