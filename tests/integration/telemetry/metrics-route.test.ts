import { describe, expect, it } from "vitest";
import { GET, dynamic } from "@/app/api/metrics/route";
import { getMetrics, recordRequestMetrics } from "@/lib/telemetry/metrics";
import { scrapeMetrics } from "@/tests/support/metrics-scrape";
import { makeRecord } from "./records";

describe("GET /api/metrics", () => {
  it("answers the process-wide registry in Prometheus text format (with the scrape token)", async () => {
    recordRequestMetrics(
      getMetrics(),
      makeRecord({ routeSlug: "metrics-route", finalModel: "m1" }),
    );
    const res = await scrapeMetrics(GET);
    expect(dynamic).toBe("force-dynamic");
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const body = await res.text();
    expect(body).toContain(
      'switchboard_requests_total{route="metrics-route",model="m1",status="success"} 1',
    );
    expect(body).toContain("# TYPE switchboard_request_duration_seconds histogram");
  });
});
