import { getMetrics } from "@/lib/telemetry/metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint (text exposition format 0.0.4). */
export function GET(): Response {
  return new Response(getMetrics().registry.expose(), {
    headers: {
      "content-type": "text/plain; version=0.0.4; charset=utf-8",
      "cache-control": "no-store",
    },
  });
}
