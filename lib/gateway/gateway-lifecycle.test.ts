import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createGatewayLifecycle } from "./gateway-lifecycle";

describe("gateway lifecycle (graceful drain)", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("resolves at once when nothing is in flight, and reports draining from then on", async () => {
    const life = createGatewayLifecycle();
    expect(life.draining).toBe(false);
    await expect(life.drain({ timeoutMs: 1_000 })).resolves.toEqual({
      finished: 0,
      cut: 0,
      abandoned: 0,
    });
    expect(life.draining).toBe(true);
    expect(life.shutdown.aborted).toBe(false);
  });

  it("waits for requests in flight and does not cut them when they finish in time", async () => {
    const life = createGatewayLifecycle();
    life.begin();
    life.begin();
    const drained = life.drain({ timeoutMs: 1_000 });
    life.end();
    await vi.advanceTimersByTimeAsync(500);
    life.end();
    await expect(drained).resolves.toEqual({ finished: 2, cut: 0, abandoned: 0 });
    expect(life.shutdown.aborted).toBe(false);
  });

  it("aborts the shutdown signal at the timeout, then waits for the cut requests to finish", async () => {
    const life = createGatewayLifecycle();
    const onShutdown = vi.fn();
    life.shutdown.addEventListener("abort", onShutdown);
    life.begin();
    life.begin();
    const drained = life.drain({ timeoutMs: 1_000, cutGraceMs: 1_000 });
    life.end();
    await vi.advanceTimersByTimeAsync(999);
    expect(onShutdown).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onShutdown).toHaveBeenCalledTimes(1);
    life.end();
    await expect(drained).resolves.toEqual({ finished: 1, cut: 1, abandoned: 0 });
  });

  it("reports requests that ignore the cut as abandoned after the grace period", async () => {
    const life = createGatewayLifecycle();
    life.begin();
    const drained = life.drain({ timeoutMs: 100, cutGraceMs: 100 });
    await vi.advanceTimersByTimeAsync(200);
    await expect(drained).resolves.toEqual({ finished: 0, cut: 1, abandoned: 1 });
    expect(life.inFlight()).toBe(1);
  });
});
