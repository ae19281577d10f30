/**
 * Bulk data for the console-overview benchmark, generated in SQL (no row crosses the wire):
 * tenants and budgets, `decisions` Decision rows spread over the last `days` days, and the
 * DecisionRollup rows (minute, hour and day) those decisions produce, aggregated from them exactly
 * as the decision writer's fold would (lib/decision-log/rollup.ts: errors = upstream_error and
 * mid_stream_failure, empty string / version 0 for "none", fixed latency histogram). Minute rows
 * only for the last `MINUTE_ROLLUP_RETENTION_MS` (3 days): what the gateway's prune leaves.
 *
 * Shape: 10 routes, 20 models, 50 tenants. Tenants are skewed (a few heavy ones), each tenant
 * uses 3 routes, each route picks among 4 models (skewed towards its first), and each route's
 * policy version moves every few days, so an hour holds a few hundred distinct rollup tuples
 * and a minute a few dozen: close to one minute row per decision, as in production.
 */
import { LATENCY_BUCKETS_MS } from "../../lib/decision-log/histogram";
import { MINUTE_ROLLUP_RETENTION_MS, type RollupGranularity } from "../../lib/decision-log/rollup";

export const ROUTES = [
  "auto",
  "support",
  "code",
  "summarize",
  "extract",
  "chat",
  "translate",
  "classify",
  "agent",
  "search",
] as const;
export const MODEL_COUNT = 20;
export const TENANT_COUNT = 50;

/** What seeding needs from a driver: one multi-statement SQL script at a time. */
export type ExecSql = (sql: string) => Promise<void>;

export interface SeedOptions {
  decisions: number;
  days: number;
  /** End of the data (epoch ms); decisions fall in [end - days, end). */
  endMs: number;
  /** Decisions per INSERT statement. */
  chunk: number;
  log: (line: string) => void;
}

const STRATEGIES = ["single", "fallback", "cascade", "split", "score", "cheapest"];

function sqlTextArray(values: readonly string[]): string {
  return `(ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]::text[])`;
}

async function seedTenants(exec: ExecSql, endMs: number): Promise<void> {
  const dayStart = new Date(Math.floor(endMs / 86_400_000) * 86_400_000).toISOString();
  const monthStart = new Date(endMs);
  monthStart.setUTCDate(1);
  monthStart.setUTCHours(0, 0, 0, 0);
  await exec(`
    INSERT INTO "Tenant" (id, slug, name, "modelAllowlist", "updatedAt")
    SELECT gen_random_uuid(), 'bench-tenant-' || lpad(i::text, 2, '0'),
      'Bench tenant ' || lpad(i::text, 2, '0'), ARRAY[]::text[], now()
    FROM generate_series(0, ${TENANT_COUNT - 1}) i;
    INSERT INTO "Budget" (id, "tenantId", period, "limitUsd", "windowStart", "spentUsd", "updatedAt")
    SELECT gen_random_uuid(), t.id, p.period::"BudgetPeriod", p.lim, p.ws::timestamptz,
      round((random() * p.lim)::numeric, 6), now()
    FROM "Tenant" t CROSS JOIN (VALUES ('daily', 50, '${dayStart}'),
      ('monthly', 1000, '${monthStart.toISOString()}')) AS p(period, lim, ws);`);
}

/**
 * One INSERT of decisions [lo, hi): randoms first, then the derived dimensions, then columns.
 * Row i's time is proportional to i (plus jitter), so the table is physically in time order,
 * as an append-only log is.
 */
function decisionInsert(lo: number, hi: number, o: SeedOptions): string {
  const spanSec = o.days * 86_400;
  const startSec = o.endMs / 1000 - spanSec;
  return `
    INSERT INTO "Decision" (id, "requestId", "createdAt", "tenantId", "apiKeyId", "endUserId",
      "routeSlug", "policyVersion", "ruleMatched", strategy, features, trace, escalated,
      "fellBack", streamed, "finalModel", "finalProvider", status, "errorClass", "httpStatus",
      "latencyMs", "ttftMs", "inputTokens", "outputTokens", "costUsd", "baselineCostUsd",
      "savingsUsd", "promptHash")
    SELECT gen_random_uuid(), 'req_bench_' || d.i, d.at, d.tenant, NULL,
      'user-' || (d.i % 5000), d.route, d.pv,
      CASE WHEN d.r_rule < 0.6 THEN 'rule-' || floor(d.r_rule * 10)::int END,
      d.strategy,
      jsonb_build_object('inputTokens', d.tin, 'task', d.route, 'tier',
        CASE WHEN d.r_rule < 0.3 THEN 'premium' ELSE 'standard' END, 'tags', jsonb_build_array('web')),
      jsonb_build_array(
        jsonb_build_object('rule', 'rule-0', 'matched', d.r_rule < 0.1, 'conditions', 2),
        jsonb_build_object('rule', 'rule-1', 'matched', d.r_rule < 0.6, 'conditions', 1),
        jsonb_build_object('dropped', jsonb_build_array(jsonb_build_object(
          'model', 'model-19', 'reason', 'context_window')))),
      d.escalated, d.fell_back, d.r_stream < 0.4,
      CASE WHEN d.status <> 'rejected' THEN d.model END,
      CASE WHEN d.status <> 'rejected' THEN 'provider-' || (d.m % 5) END,
      d.status::"DecisionStatus",
      CASE d.status WHEN 'upstream_error' THEN 'upstream_5xx' WHEN 'mid_stream_failure'
        THEN 'stream_reset' WHEN 'rejected' THEN 'budget_exceeded' END,
      CASE d.status WHEN 'success' THEN 200 WHEN 'mid_stream_failure' THEN 200
        WHEN 'upstream_error' THEN 502 WHEN 'rejected' THEN 429 ELSE 499 END,
      d.latency, CASE WHEN d.r_stream < 0.4 THEN d.latency / 4 END,
      d.tin, d.tout, d.cost, d.baseline, d.baseline - d.cost, md5(d.i::text)
    FROM (
      SELECT x.*, ${sqlTextArray(ROUTES)}[x.ri + 1] AS route,
        'model-' || lpad(x.m::text, 2, '0') AS model,
        ${sqlTextArray(STRATEGIES)}[x.ri % ${STRATEGIES.length} + 1] AS strategy,
        (SELECT array_agg(id ORDER BY slug) FROM "Tenant")[x.ti + 1] AS tenant,
        1 + floor(extract(epoch FROM x.at - to_timestamp(${startSec})) / 86400
          * (1 + x.ri % 3) / 10)::int AS pv,
        CASE WHEN x.status IN ('success', 'mid_stream_failure')
          THEN round(((x.tin * (0.15 + x.m * 0.4) + x.tout * (0.6 + x.m * 1.6)) / 1e6)::numeric, 8)
          ELSE 0 END AS cost,
        CASE WHEN x.status IN ('success', 'mid_stream_failure')
          THEN round(((x.tin * 6.15 + x.tout * 24.6) / 1e6)::numeric, 8)
          ELSE 0 END AS baseline,
        CASE WHEN x.status = 'rejected' THEN 2 + floor(x.r_lat1 * 5)::int
          ELSE least(120000, round((300 + x.m * 60) * exp(0.6 * sqrt(-2 * ln(1 - x.r_lat1))
            * cos(2 * pi() * x.r_lat2)))::int) END AS latency
      FROM (
        SELECT r.*,
          to_timestamp(${startSec} + ${spanSec}::float8 * (r.i + r.r_time) / ${o.decisions}) AS at,
          (r.ti + 3 * floor(r.r_route * r.r_route * 3)::int) % ${ROUTES.length} AS ri,
          ((r.ti + 3 * floor(r.r_route * r.r_route * 3)::int) % ${ROUTES.length} * 2
            + floor(r.r_model * r.r_model * 4)::int) % ${MODEL_COUNT} AS m,
          CASE WHEN r.r_status < 0.015 THEN 'upstream_error'
            WHEN r.r_status < 0.02 THEN 'mid_stream_failure'
            WHEN r.r_status < 0.025 THEN 'rejected'
            WHEN r.r_status < 0.03 THEN 'client_closed' ELSE 'success' END AS status,
          r.r_flag < 0.05 AS escalated, r.r_flag >= 0.95 AS fell_back,
          (200 + floor(r.r_tok * r.r_tok * 8000))::int AS tin,
          (50 + floor(r.r_tok * 900))::int AS tout
        FROM (
          SELECT i, random() AS r_time, floor(${TENANT_COUNT} * power(random(), 2))::int AS ti,
            random() AS r_route, random() AS r_model, random() AS r_status, random() AS r_flag,
            random() AS r_tok, random() AS r_lat1, random() AS r_lat2, random() AS r_stream,
            random() AS r_rule
          FROM generate_series(${lo}, ${hi - 1}) i
        ) r
      ) x
    ) d;`;
}

/** Sum of a 0/1 per histogram bucket: `ARRAY[SUM((b = 0)::int), …]`, like recordLatency. */
function histogramSql(bucketExpr: string): string {
  const sums = Array.from(
    { length: LATENCY_BUCKETS_MS.length + 1 },
    (_, i) => `SUM((${bucketExpr} = ${i})::int)`,
  );
  return `ARRAY[${sums.join(", ")}]::int[]`;
}

function rollupSelect(granularity: RollupGranularity, sinceMs?: number): string {
  // Bucket i counts latencies <= bound i and above bound i-1: the number of bounds below the
  // value, i.e. width_bucket(ms - 1, bounds) for integer milliseconds (see bucketIndex).
  const bucket = `width_bucket(greatest("latencyMs", 0) - 1, ARRAY[${LATENCY_BUCKETS_MS.join(",")}]::int[])`;
  return `
    SELECT date_trunc('${granularity}', "createdAt") AS "bucketStart", '${granularity}' AS granularity,
      "routeSlug", coalesce("finalModel", '') AS model, coalesce("tenantId"::text, '') AS "tenantId",
      coalesce("policyVersion", 0) AS "policyVersion", count(*) AS requests,
      count(*) FILTER (WHERE status IN ('upstream_error', 'mid_stream_failure')) AS errors,
      count(*) FILTER (WHERE escalated) AS escalations, count(*) FILTER (WHERE "fellBack") AS fallbacks,
      sum("inputTokens") AS "inputTokens", sum("outputTokens") AS "outputTokens",
      sum("costUsd") AS "costUsd", sum("baselineCostUsd") AS "baselineCostUsd",
      sum("latencyMs") AS "latencySumMs", ${histogramSql(bucket)} AS "latencyHist"
    FROM "Decision"
    ${sinceMs === undefined ? "" : `WHERE "createdAt" >= to_timestamp(${sinceMs / 1000})`}
    GROUP BY 1, 3, 4, 5, 6`;
}

/**
 * Every granularity in one INSERT, in the physical order the writer leaves them: each batch
 * upserts minute, hour and day rows, so the table grows in time order with an hour's hour rows
 * (rewritten by every batch of that hour) landing after its minute rows, and a day's day rows
 * (rewritten all day) after its last hour.
 */
function rollupInsert(endMs: number): string {
  return `
    INSERT INTO "DecisionRollup" ("bucketStart", granularity, "routeSlug", model, "tenantId",
      "policyVersion", requests, errors, escalations, fallbacks, "inputTokens", "outputTokens",
      "costUsd", "baselineCostUsd", "latencySumMs", "latencyHist", "isDemo")
    SELECT "bucketStart", granularity, "routeSlug", model, "tenantId", "policyVersion", requests,
      errors, escalations, fallbacks, "inputTokens", "outputTokens", "costUsd", "baselineCostUsd",
      "latencySumMs", "latencyHist", false
    FROM (${rollupSelect("minute", endMs - MINUTE_ROLLUP_RETENTION_MS)}
      UNION ALL ${rollupSelect("hour")} UNION ALL ${rollupSelect("day")}) r
    ORDER BY date_trunc('hour', CASE granularity WHEN 'day' THEN "bucketStart" + interval '23 hours'
        ELSE "bucketStart" END),
      CASE granularity WHEN 'minute' THEN 0 WHEN 'hour' THEN 1 ELSE 2 END, "bucketStart";`;
}

/** Seeds everything; returns the row counts. Secondary indexes are built after the bulk load. */
export async function seedOverviewData(
  exec: ExecSql,
  count: (sql: string) => Promise<number>,
  indexDefs: (table: string) => Promise<Array<{ name: string; def: string }>>,
  o: SeedOptions,
): Promise<{ decisions: number; minuteRows: number; hourRows: number; dayRows: number }> {
  await seedTenants(exec, o.endMs);
  // Build the Decision indexes once after the load instead of maintaining them row by row
  // (the same definitions, recreated by their own DDL).
  const indexes = (await indexDefs("Decision")).filter((i) => !i.name.endsWith("_pkey"));
  for (const i of indexes) await exec(`DROP INDEX "${i.name}"`);
  let started = performance.now();
  for (let lo = 0; lo < o.decisions; lo += o.chunk) {
    await exec(decisionInsert(lo, Math.min(o.decisions, lo + o.chunk), o));
    o.log(`  decisions ${Math.min(o.decisions, lo + o.chunk).toLocaleString("en-US")}`);
  }
  o.log(`  decision rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  for (const i of indexes) await exec(i.def);
  o.log(`  decision indexes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  await exec(rollupInsert(o.endMs));
  await exec(`ANALYZE "Decision"; ANALYZE "DecisionRollup"; ANALYZE "Tenant"; ANALYZE "Budget";`);
  o.log(`  rollups in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return {
    decisions: await count(`SELECT count(*)::int AS n FROM "Decision"`),
    minuteRows: await count(
      `SELECT count(*)::int AS n FROM "DecisionRollup" WHERE granularity = 'minute'`,
    ),
    hourRows: await count(
      `SELECT count(*)::int AS n FROM "DecisionRollup" WHERE granularity = 'hour'`,
    ),
    dayRows: await count(
      `SELECT count(*)::int AS n FROM "DecisionRollup" WHERE granularity = 'day'`,
    ),
  };
}
