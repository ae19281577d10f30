import { vi } from "vitest";
import { resetEnvCache } from "@/lib/env";

/** A scrape token only tests use (set in the environment for the duration of one call). */
export const TEST_METRICS_TOKEN = "test-metrics-token-0123456789";

/**
 * Calls the real `/api/metrics` route handler as Prometheus would: with the scrape token, which
 * is put in the environment for this call only (the route reads it through `lib/env.ts`).
 */
export async function scrapeMetrics(get: (req: Request) => Promise<Response>): Promise<Response> {
  vi.stubEnv("SWITCHBOARD_METRICS_TOKEN", TEST_METRICS_TOKEN);
  resetEnvCache();
  try {
    return await get(
      new Request("http://localhost/api/metrics", {
        headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` },
      }),
    );
  } finally {
    vi.unstubAllEnvs();
    resetEnvCache();
  }
}
