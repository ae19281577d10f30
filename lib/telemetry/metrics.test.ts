import { describe, expect, it } from "vitest";
import {
  createSwitchboardMetrics,
  bindDecisionWriterMetrics,
  recordBreakerState,
  recordRequestMetrics,
} from "./metrics";
import { createMetricsRegistry } from "./prometheus";
import type { DecisionRecord } from "../decision-log/decision-record";

const record = {
  routeSlug: "auto",
  finalModel: "small",
  status: "upstream_error",
  errorClass: "timeout",
  latencyMs: 120,
  fellBack: true,
  escalated: false,
} as Pick<
  DecisionRecord,
  "routeSlug" | "finalModel" | "status" | "errorClass" | "latencyMs" | "fellBack" | "escalated"
>;

describe("prometheus registry", () => {
  it("renders counters, gauges and cumulative histograms in text format", () => {
    const r = createMetricsRegistry();
    const c = r.counter("c_total", "A counter.", ["a", "b"]);
    c.inc(["x", 'q"uo\\te']);
    c.inc(["x", 'q"uo\\te'], 2);
    const g = r.gauge("g", "A gauge.");
    g.set([], 7);
    const h = r.histogram("h_seconds", "Latency.", ["route"]);
    h.observe(["r"], 20);
    h.observe(["r"], 90);
    h.observe(["r"], 999_999);
    const text = r.expose();
    expect(text).toContain("# TYPE c_total counter");
    expect(text).toContain('c_total{a="x",b="q\\"uo\\\\te"} 3');
    expect(text).toContain("g 7");
    expect(text).toContain('h_seconds_bucket{route="r",le="0.025"} 1');
    expect(text).toContain('h_seconds_bucket{route="r",le="0.1"} 2');
    expect(text).toContain('h_seconds_bucket{route="r",le="60"} 2');
    expect(text).toContain('h_seconds_bucket{route="r",le="+Inf"} 3');
    expect(text).toContain('h_seconds_count{route="r"} 3');
    expect(text.endsWith("\n")).toBe(true);
  });

  it("records a request's metrics from its decision record", () => {
    const m = createSwitchboardMetrics();
    recordRequestMetrics(m, record as DecisionRecord);
    recordBreakerState(m, "small", "open");
    bindDecisionWriterMetrics(m, {
      stats: () => ({ buffered: 4, written: 10, dropped: 2, failedFlushes: 1 }),
    });
    expect(m.requests.get(["auto", "small", "upstream_error"])).toBe(1);
    expect(m.errors.get(["auto", "small", "timeout"])).toBe(1);
    expect(m.fallbacks.get(["auto"])).toBe(1);
    const text = m.registry.expose();
    expect(text).toContain('switchboard_breaker_state{model="small"} 2');
    expect(text).toContain("switchboard_decision_buffer_depth 4");
    expect(text).toContain("switchboard_decisions_dropped_total 2");
  });

  it("observes without growing series for repeated labels (hot path)", () => {
    const m = createSwitchboardMetrics();
    const labels = ["auto", "small"] as const;
    // Speed is bench:gateway's business; here: 200k observations stay one series.
    for (let i = 0; i < 200_000; i++) m.latency.observe(labels, i % 3000);
    expect(m.registry.expose().match(/switchboard_request_duration_seconds_count/g)).toHaveLength(
      1,
    );
  });
});
