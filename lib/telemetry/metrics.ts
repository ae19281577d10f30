/**
 * Switchboard's process-wide Prometheus metrics (one registry on globalThis: the fast path and
 * Next's bundle share it) and the helpers the gateway calls per request.
 */
import { processSingleton } from "@/lib/process-registry";
import type { DecisionRecord } from "../decision-log/decision-record";
import {
  createMetricsRegistry,
  type Counter,
  type Gauge,
  type LatencyHistogram,
  type MetricsRegistry,
} from "./prometheus";

export { createMetricsRegistry, type MetricsRegistry } from "./prometheus";

/** The metrics the gateway maintains. */
export interface SwitchboardMetrics {
  registry: MetricsRegistry;
  /** route, model, status (DecisionStatus). */
  requests: Counter;
  /** route, model, error_class. */
  errors: Counter;
  /** route, model: total request latency. */
  latency: LatencyHistogram;
  /** route. */
  fallbacks: Counter;
  /** route. */
  escalations: Counter;
  /** model: 0 closed, 1 half open, 2 open. */
  breakerState: Gauge;
  decisionBufferDepth: Gauge;
  decisionsDropped: Counter;
  decisionsWritten: Counter;
  decisionFlushFailures: Counter;
  /** Leases this instance holds, and their unreserved micro-USD. */
  budgetLeases: Gauge;
  budgetLeasedUsd: Gauge;
  budgetLeaseRequests: Counter;
  budgetPendingSettlements: Gauge;
}

/** Creates the metric set on a fresh registry (tests); production uses `getMetrics()`. */
export function createSwitchboardMetrics(
  registry: MetricsRegistry = createMetricsRegistry(),
): SwitchboardMetrics {
  return {
    registry,
    requests: registry.counter(
      "switchboard_requests_total",
      "Requests by route, served model and status.",
      ["route", "model", "status"],
    ),
    errors: registry.counter(
      "switchboard_errors_total",
      "Failed requests by route, model and error class.",
      ["route", "model", "error_class"],
    ),
    latency: registry.histogram("switchboard_request_duration_seconds", "Total request latency.", [
      "route",
      "model",
    ]),
    fallbacks: registry.counter(
      "switchboard_fallbacks_total",
      "Requests served after a fallback.",
      ["route"],
    ),
    escalations: registry.counter("switchboard_escalations_total", "Cascade escalations.", [
      "route",
    ]),
    breakerState: registry.gauge(
      "switchboard_breaker_state",
      "Circuit breaker per model: 0 closed, 1 half open, 2 open.",
      ["model"],
    ),
    decisionBufferDepth: registry.gauge(
      "switchboard_decision_buffer_depth",
      "Decision records waiting to be written.",
    ),
    decisionsDropped: registry.counter(
      "switchboard_decisions_dropped_total",
      "Decision records dropped (buffer full).",
    ),
    decisionsWritten: registry.counter(
      "switchboard_decisions_written_total",
      "Decision records written.",
    ),
    decisionFlushFailures: registry.counter(
      "switchboard_decision_flush_failures_total",
      "Failed decision batch writes.",
    ),
    budgetLeases: registry.gauge(
      "switchboard_budget_leases",
      "Budget leases held by this instance.",
    ),
    budgetLeasedUsd: registry.gauge(
      "switchboard_budget_leased_usd",
      "Unreserved USD on this instance's leases.",
    ),
    budgetLeaseRequests: registry.counter(
      "switchboard_budget_lease_requests_total",
      "Lease requests sent to the database.",
    ),
    budgetPendingSettlements: registry.gauge(
      "switchboard_budget_pending_settlements",
      "Settlements waiting to be written.",
    ),
  };
}

/** The process-wide metrics. */
export function getMetrics(): SwitchboardMetrics {
  return processSingleton("telemetry-metrics", () => createSwitchboardMetrics());
}

/** Counts one finished request from its decision record. */
export function recordRequestMetrics(m: SwitchboardMetrics, record: DecisionRecord): void {
  const model = record.finalModel ?? "";
  m.requests.inc([record.routeSlug, model, record.status]);
  if (record.errorClass !== null) m.errors.inc([record.routeSlug, model, record.errorClass]);
  m.latency.observe([record.routeSlug, model], record.latencyMs);
  if (record.fellBack) m.fallbacks.inc([record.routeSlug]);
  if (record.escalated) m.escalations.inc([record.routeSlug]);
}

const BREAKER_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

/** Sets the breaker gauge of a model. */
export function recordBreakerState(
  m: SwitchboardMetrics,
  model: string,
  state: keyof typeof BREAKER_VALUE,
): void {
  m.breakerState.set([model], BREAKER_VALUE[state]);
}

/** Exposes a decision writer's counters (read at each scrape). */
export function bindDecisionWriterMetrics(
  m: SwitchboardMetrics,
  writer: {
    stats(): { buffered: number; written: number; dropped: number; failedFlushes: number };
  },
): void {
  m.registry.onCollect(() => {
    const s = writer.stats();
    m.decisionBufferDepth.set([], s.buffered);
    m.decisionsWritten.set([], s.written);
    m.decisionsDropped.set([], s.dropped);
    m.decisionFlushFailures.set([], s.failedFlushes);
  });
}

/** Exposes a budget manager's lease counters (read at each scrape). */
export function bindBudgetManagerMetrics(
  m: SwitchboardMetrics,
  manager: {
    stats(): {
      leases: number;
      leasedMicros: number;
      pendingSettlements: number;
      leaseRequests: number;
    };
  },
): void {
  m.registry.onCollect(() => {
    const s = manager.stats();
    m.budgetLeases.set([], s.leases);
    m.budgetLeasedUsd.set([], s.leasedMicros / 1_000_000);
    m.budgetLeaseRequests.set([], s.leaseRequests);
    m.budgetPendingSettlements.set([], s.pendingSettlements);
  });
}
