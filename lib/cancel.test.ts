import { describe, expect, it } from "vitest";
import { abortReason, Cancellation, linkedCancellation } from "./cancel";

describe("Cancellation", () => {
  it("runs each abort listener once, in order, with an AbortError reason by default", () => {
    const c = new Cancellation();
    const calls: string[] = [];
    c.addEventListener("abort", () => calls.push("a"));
    c.addEventListener("abort", () => calls.push("b"), { once: true });
    expect(c.aborted).toBe(false);
    c.abort();
    c.abort(new Error("again"));
    expect(calls).toEqual(["a", "b"]);
    expect(c.aborted).toBe(true);
    expect(c.reason).toBeInstanceOf(DOMException);
    expect((c.reason as DOMException).name).toBe("AbortError");
  });

  it("keeps the first reason given", () => {
    const c = new Cancellation();
    const reason = new Error("client went away");
    c.abort(reason);
    c.abort(new Error("later"));
    expect(c.reason).toBe(reason);
    expect(abortReason(c)).toBe(reason);
  });

  it("does not call a removed listener, nor one added after the abort", () => {
    const c = new Cancellation();
    let removed = 0;
    let late = 0;
    const onAbort = (): void => void removed++;
    c.addEventListener("abort", onAbort);
    c.removeEventListener("abort", onAbort);
    c.removeEventListener("abort", () => {}); // unknown listener: nothing happens
    c.abort();
    c.addEventListener("abort", () => void late++);
    expect(removed).toBe(0);
    expect(late).toBe(0);
  });

  it("runs the other listeners when one throws", () => {
    const c = new Cancellation();
    let ran = false;
    c.addEventListener("abort", () => {
      throw new Error("listener bug");
    });
    c.addEventListener("abort", () => {
      ran = true;
    });
    expect(() => c.abort()).not.toThrow();
    expect(ran).toBe(true);
  });

  it("is its own signal", () => {
    const c = new Cancellation();
    expect(c.signal).toBe(c);
  });
});

describe("linkedCancellation", () => {
  it("aborts with the parent's reason, and alone without aborting the parent", () => {
    const parent = new Cancellation();
    const a = linkedCancellation(parent);
    const b = linkedCancellation(parent);
    b.abort(new Error("hedge lost"));
    expect(parent.aborted).toBe(false);
    expect(a.aborted).toBe(false);
    const reason = new Error("client closed");
    parent.abort(reason);
    expect(a.aborted).toBe(true);
    expect(a.reason).toBe(reason);
    expect((b.reason as Error).message).toBe("hedge lost");
  });

  it("starts aborted under an aborted parent, and follows a real AbortSignal", () => {
    const done = new Cancellation();
    done.abort(new Error("gone"));
    const early = linkedCancellation(done);
    expect(early.aborted).toBe(true);
    expect((early.reason as Error).message).toBe("gone");

    const controller = new AbortController();
    const link = linkedCancellation(controller.signal);
    controller.abort(new Error("web request aborted"));
    expect(link.aborted).toBe(true);
    expect((link.reason as Error).message).toBe("web request aborted");
  });
});
