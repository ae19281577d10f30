import { createMetricsRoute } from "@/lib/api/metrics-route";
import { getCurrentOperator } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint: a scrape token or a console session (lib/api/metrics-route.ts). */
export const GET = createMetricsRoute({ findOperator: getCurrentOperator });
