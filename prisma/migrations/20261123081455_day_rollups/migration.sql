-- Day rollups (lib/telemetry/rollup.ts): the decision writer now also upserts one row per UTC
-- day and dimension tuple, which the console overview reads for ranges beyond 8 days. This
-- backfills them from the hour rows already written: counters summed, latency histograms summed
-- element-wise over the 23 fixed buckets (rows written before the histogram had its last buckets
-- count zeros there), isDemo if any hour row is. Data only: no schema change.
INSERT INTO "DecisionRollup" (
    "granularity", "bucketStart", "routeSlug", "model", "tenantId", "policyVersion",
    "requests", "errors", "escalations", "fallbacks", "inputTokens", "outputTokens",
    "costUsd", "baselineCostUsd", "latencySumMs", "latencyHist", "isDemo"
)
SELECT
    'day',
    date_trunc('day', "bucketStart" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
    "routeSlug", "model", "tenantId", "policyVersion",
    SUM("requests"), SUM("errors"), SUM("escalations"), SUM("fallbacks"),
    SUM("inputTokens"), SUM("outputTokens"),
    SUM("costUsd"), SUM("baselineCostUsd"), SUM("latencySumMs"),
    ARRAY[
    SUM(COALESCE("latencyHist"[1], 0)), SUM(COALESCE("latencyHist"[2], 0)), SUM(COALESCE("latencyHist"[3], 0)),
    SUM(COALESCE("latencyHist"[4], 0)), SUM(COALESCE("latencyHist"[5], 0)), SUM(COALESCE("latencyHist"[6], 0)),
    SUM(COALESCE("latencyHist"[7], 0)), SUM(COALESCE("latencyHist"[8], 0)), SUM(COALESCE("latencyHist"[9], 0)),
    SUM(COALESCE("latencyHist"[10], 0)), SUM(COALESCE("latencyHist"[11], 0)), SUM(COALESCE("latencyHist"[12], 0)),
    SUM(COALESCE("latencyHist"[13], 0)), SUM(COALESCE("latencyHist"[14], 0)), SUM(COALESCE("latencyHist"[15], 0)),
    SUM(COALESCE("latencyHist"[16], 0)), SUM(COALESCE("latencyHist"[17], 0)), SUM(COALESCE("latencyHist"[18], 0)),
    SUM(COALESCE("latencyHist"[19], 0)), SUM(COALESCE("latencyHist"[20], 0)), SUM(COALESCE("latencyHist"[21], 0)),
    SUM(COALESCE("latencyHist"[22], 0)), SUM(COALESCE("latencyHist"[23], 0))
    ]::INTEGER[],
    bool_or("isDemo")
FROM "DecisionRollup"
WHERE "granularity" = 'hour'
GROUP BY 2, 3, 4, 5, 6
ON CONFLICT ("granularity", "bucketStart", "routeSlug", "model", "tenantId", "policyVersion") DO NOTHING;
