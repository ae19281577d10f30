/**
 * `GET /api/metrics` (Prometheus text format), behind one of: `Authorization: Bearer <token>`
 * equal to SWITCHBOARD_METRICS_TOKEN, or a signed-in console session (any role). Without a token
 * configured only sessions get in; SWITCHBOARD_METRICS_PUBLIC=true opens it to anyone. Refusals
 * are 401 problem+json. The bearer is checked first, so a scraper never costs a session lookup.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { loadEnv } from "@/lib/env";
import { getMetrics } from "@/lib/telemetry/metrics";
import { AppError, toProblem } from "../errors";
import { resolveRequestId } from "./request-id";

/** Who may read the metrics besides signed-in operators. */
export interface MetricsAccess {
  /** The scrape token; null: none configured (sessions only, unless public). */
  token: string | null;
  /** Anyone may read them (explicit opt-in). */
  public: boolean;
}

export interface MetricsRouteOptions {
  /** Resolves the signed-in operator (null: none). The app passes `getCurrentOperator`. */
  findOperator: () => Promise<unknown>;
  /** Default: SWITCHBOARD_METRICS_TOKEN and SWITCHBOARD_METRICS_PUBLIC from `lib/env.ts`. */
  access?: () => MetricsAccess;
  /** Default: the process-wide registry. */
  expose?: () => string;
}

export function readMetricsAccess(): MetricsAccess {
  const env = loadEnv();
  return { token: env.SWITCHBOARD_METRICS_TOKEN ?? null, public: env.SWITCHBOARD_METRICS_PUBLIC };
}

const digest = (value: string): Buffer => createHash("sha256").update(value).digest();

/** Constant-time comparison (over digests, so lengths do not leak either). */
function matchesToken(authorization: string | null, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), digest(token));
}

async function isAllowed(req: Request, access: MetricsAccess, options: MetricsRouteOptions) {
  if (access.public) return true;
  if (access.token !== null && matchesToken(req.headers.get("authorization"), access.token))
    return true;
  return (await options.findOperator()) !== null;
}

/** Builds the route handler; `app/api/metrics/route.ts` wires the session lookup. */
export function createMetricsRoute(
  options: MetricsRouteOptions,
): (req: Request) => Promise<Response> {
  const access = options.access ?? readMetricsAccess;
  const expose = options.expose ?? (() => getMetrics().registry.expose());
  return async (req) => {
    const requestId = resolveRequestId(req.headers.get("x-request-id"));
    try {
      if (!(await isAllowed(req, access(), options))) {
        throw new AppError(
          "unauthenticated",
          "Metrics need a scrape token (Authorization: Bearer …) or a console session.",
          { headers: { "www-authenticate": 'Bearer realm="switchboard-metrics"' } },
        );
      }
      return new Response(expose(), {
        headers: {
          "content-type": "text/plain; version=0.0.4; charset=utf-8",
          "cache-control": "no-store",
          "x-request-id": requestId,
        },
      });
    } catch (err) {
      const p = toProblem(err, requestId, new URL(req.url).pathname);
      return new Response(JSON.stringify(p.body), {
        status: p.status,
        headers: { ...p.headers, "cache-control": "no-store", "x-request-id": requestId },
      });
    }
  };
}
