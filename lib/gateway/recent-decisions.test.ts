import { describe, expect, it } from "vitest";
import type { DecisionRef } from "@/lib/db/feedback";
import { createRecentDecisions } from "./recent-decisions";

const ref = (id: string, tenantId = "t1", requestId = `r-${id}`): DecisionRef => ({
  id,
  requestId,
  tenantId,
  routeSlug: "auto",
  model: "m",
  policyVersion: 1,
  createdAt: new Date(0),
});

describe("createRecentDecisions", () => {
  it("finds by id or request id within the tenant only, and stays bounded", () => {
    const recent = createRecentDecisions(2);
    recent.remember(ref("a"));
    recent.remember(ref("b", "t1", "same"));
    recent.remember(ref("c", "t1", "same"));
    expect(recent.size()).toBe(2);
    expect(recent.find("t1", { decisionId: "a" })).toBeNull(); // evicted
    expect(recent.find("t1", { requestId: "same" })?.id).toBe("c"); // the latest
    expect(recent.find("t2", { decisionId: "c" })).toBeNull();
    expect(recent.find("t2", { requestId: "same" })).toBeNull();
  });
});
