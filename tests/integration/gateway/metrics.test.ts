// Prometheus metrics emitted by the pipeline, read through the real `/api/metrics` route handler
// (the process-wide registry the fast path and Next's bundle share).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { getMetrics } from "@/lib/telemetry/metrics";
import { closeTestDb, getTestDb } from "@/tests/support/db";
import { scrapeMetrics } from "@/tests/support/metrics-scrape";
import { chatBody, postJson, startHarness, type Harness } from "./harness";

afterAll(closeTestDb);
let h: Harness;

beforeAll(async () => {
  h = await startHarness(await getTestDb(), {
    models: [{ name: "primary" }, { name: "backup" }],
    services: { metrics: getMetrics(), breakers: { consecutiveFailures: 2 } },
  });
  await h.createRoute("metered", {
    schemaVersion: 1,
    rules: [],
    default: {
      strategy: "fallback",
      steps: [{ model: h.model("primary"), timeoutMs: 10_000 }, { model: h.model("backup") }],
      triggers: ["timeout", "connect", "server_error", "rate_limited", "stream_interrupted"],
    },
  });
});
afterAll(() => h?.close());

/** The value of one exposed series, or undefined when it is absent. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("metrics", () => {
  it("counts requests, errors, latency, fallbacks, breakers and the decision writer", async () => {
    const route = h.route("metered");
    const primary = h.model("primary");
    const backup = h.model("backup");
    for (const transport of ["node", "web"] as const) {
      const ok = await postJson(h, transport, "/v1/chat/completions", chatBody(route));
      expect(ok.status).toBe(200);
    }
    h.fake.setFault(primary, "status:503");
    const fellBack = await postJson(h, "node", "/v1/chat/completions", chatBody(route));
    expect(fellBack.headers.get("x-switchboard-model")).toBe(backup);
    h.fake.setFault(backup, "status:503");
    const failed = await postJson(
      h,
      "node",
      "/v1/chat/completions",
      chatBody(route, { stream: true }),
    );
    expect(failed.status).toBe(502);
    await h.writer.flush();

    const res = await scrapeMetrics(GET);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    const r = `route="${route}"`;
    expect(
      valueOf(text, `switchboard_requests_total{${r},model="${primary}",status="success"}`),
    ).toBe(2);
    expect(
      valueOf(text, `switchboard_requests_total{${r},model="${backup}",status="success"}`),
    ).toBe(1);
    expect(valueOf(text, `switchboard_requests_total{${r},model="",status="upstream_error"}`)).toBe(
      1,
    );
    expect(
      valueOf(text, `switchboard_errors_total{${r},model="",error_class="server_error"}`),
    ).toBe(1);
    expect(
      valueOf(text, `switchboard_request_duration_seconds_count{${r},model="${primary}"}`),
    ).toBe(2);
    expect(
      valueOf(
        text,
        `switchboard_request_duration_seconds_bucket{${r},model="${primary}",le="+Inf"}`,
      ),
    ).toBe(2);
    expect(valueOf(text, `switchboard_fallbacks_total{${r}}`)).toBe(2);
    // Two failures in a row open the primary's breaker (2 = open); the backup failed once.
    expect(valueOf(text, `switchboard_breaker_state{model="${primary}"}`)).toBe(2);
    expect(valueOf(text, `switchboard_breaker_state{model="${backup}"}`)).toBeUndefined();
    expect(valueOf(text, "switchboard_decision_buffer_depth")).toBe(0);
    expect(valueOf(text, "switchboard_decisions_written_total")).toBeGreaterThanOrEqual(4);
    expect(valueOf(text, "switchboard_decisions_dropped_total")).toBe(0);
    expect(valueOf(text, "switchboard_budget_leases")).toBeGreaterThanOrEqual(0);

    h.services.breakers.reset();
    const after = await (await scrapeMetrics(GET)).text();
    expect(valueOf(after, `switchboard_breaker_state{model="${primary}"}`)).toBe(0);
  });
});
