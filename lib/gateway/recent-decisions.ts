/**
 * A small bounded index of the decisions this instance made recently, so feedback for a decision
 * still in the decision writer's queue (up to a flush interval, longer while the database is
 * down) is accepted without waiting for the write. Older decisions are looked up in the database.
 * A decision made on ANOTHER instance and not yet flushed there is found by neither: its feedback
 * answers 404 for up to that instance's flush interval (1 s by default; longer during a database
 * outage), and the client retries (documented in docs/quality.md).
 */
import type { DecisionRef } from "@/lib/db/feedback";

export interface RecentDecisions {
  remember(ref: DecisionRef): void;
  /** The tenant's decision by id, or by request id (the latest with it); null: not here. */
  find(tenantId: string, by: { decisionId: string } | { requestId: string }): DecisionRef | null;
  size(): number;
}

/** Default bound: ~a minute of decisions at 1,000 req/s, a few MB. */
export function createRecentDecisions(capacity = 65_536): RecentDecisions {
  const byId = new Map<string, DecisionRef>();
  const byRequest = new Map<string, string>();
  const requestKey = (tenantId: string, requestId: string): string => `${tenantId}\n${requestId}`;
  return {
    remember(ref) {
      byId.set(ref.id, ref);
      byRequest.delete(requestKey(ref.tenantId, ref.requestId));
      byRequest.set(requestKey(ref.tenantId, ref.requestId), ref.id);
      // Maps iterate in insertion order: the first keys are the oldest.
      while (byId.size > capacity) {
        const oldest = byId.keys().next().value as string;
        byId.delete(oldest);
      }
      while (byRequest.size > capacity) {
        const oldest = byRequest.keys().next().value as string;
        byRequest.delete(oldest);
      }
    },
    find(tenantId, by) {
      const id =
        "decisionId" in by ? by.decisionId : byRequest.get(requestKey(tenantId, by.requestId));
      const ref = id === undefined ? undefined : byId.get(id);
      return ref && ref.tenantId === tenantId ? ref : null;
    },
    size: () => byId.size,
  };
}
