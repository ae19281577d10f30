/**
 * The bulk-insert statements of the seed history: `INSERT … SELECT FROM unnest(...)` with one
 * array-literal parameter per column (see sql-arrays.ts). Decisions take two extra leading
 * parameters: the JSON dictionaries of feature constants ($1) and explain traces ($2).
 */
export type Kind = "text" | "int" | "bool";
export type Column = readonly [name: string, pgType: string, kind: Kind];

function buildInsert(
  table: string,
  columns: readonly Column[],
  select: Record<string, string>,
  firstParam: number,
) {
  const unnest = columns.map(([, type], i) => `$${i + firstParam}::${type}[]`).join(", ");
  const alias = columns.map(([name]) => `"${name}"`).join(", ");
  const targets = Object.keys(select)
    .map((n) => `"${n}"`)
    .join(", ");
  return `INSERT INTO "${table}" (${targets}) SELECT ${Object.values(select).join(", ")} FROM unnest(${unnest}) AS r(${alias})`;
}

const pass = (columns: readonly Column[], skip: readonly string[] = []) =>
  Object.fromEntries(columns.filter(([n]) => !skip.includes(n)).map(([n]) => [n, `r."${n}"`]));

export const D_COLUMNS: readonly Column[] = [
  ["id", "uuid", "text"],
  ["requestId", "text", "text"],
  ["createdAt", "timestamptz", "text"],
  ["tenantId", "uuid", "text"],
  ["apiKeyId", "uuid", "text"],
  ["endUserId", "text", "text"],
  ["routeSlug", "text", "text"],
  ["policyVersionId", "uuid", "text"],
  ["policyVersion", "int", "int"],
  ["ruleMatched", "text", "text"],
  ["strategy", "text", "text"],
  ["fi", "int", "int"],
  ["fe", "int", "int"],
  ["fo", "int", "int"],
  ["fm", "int", "int"],
  ["ft", "int", "int"],
  ["rp", "text", "text"],
  ["ti", "int", "int"],
  ["gateResults", "text", "text"],
  ["escalated", "boolean", "bool"],
  ["fellBack", "boolean", "bool"],
  ["streamed", "boolean", "bool"],
  ["finalModel", "text", "text"],
  ["finalProvider", "text", "text"],
  ["status", "text", "text"],
  ["errorClass", "text", "text"],
  ["httpStatus", "int", "int"],
  ["latencyMs", "int", "int"],
  ["ttftMs", "int", "int"],
  ["inputTokens", "int", "int"],
  ["outputTokens", "int", "int"],
  ["cachedTokens", "int", "int"],
  ["costUsd", "numeric", "text"],
  ["baselineCostUsd", "numeric", "text"],
  ["savingsUsd", "numeric", "text"],
  ["promptHash", "text", "text"],
];
const FEATURES_SQL = `jsonb_set(($1::jsonb -> r.fi) || jsonb_build_object('estimatedInputTokens', r.fe, 'overheadTokens', r.fo,
  'maxOutputTokens', r.fm, 'messageCount', r.ft + 1, 'conversationTurns', r.ft, 'stream', r.streamed),
  '{metadata,endUserId}', to_jsonb(r."endUserId"))
  || CASE WHEN r.rp IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('replay', r.rp::jsonb) END`;
export const DECISION_SQL = buildInsert(
  "Decision",
  D_COLUMNS,
  {
    ...pass(D_COLUMNS, ["fi", "fe", "fo", "fm", "ft", "rp", "ti", "gateResults", "status"]),
    features: FEATURES_SQL,
    trace: `($2::jsonb -> r.ti)`,
    gateResults: `r."gateResults"::jsonb`,
    status: `r.status::"DecisionStatus"`,
    isDemo: "true",
  },
  3,
);

export const A_COLUMNS: readonly Column[] = [
  ["id", "uuid", "text"],
  ["decisionId", "uuid", "text"],
  ["position", "int", "int"],
  ["kind", "text", "text"],
  ["model", "text", "text"],
  ["provider", "text", "text"],
  ["startedAt", "timestamptz", "text"],
  ["ttftMs", "int", "int"],
  ["durationMs", "int", "int"],
  ["outcome", "text", "text"],
  ["errorClass", "text", "text"],
  ["httpStatus", "int", "int"],
  ["inputTokens", "int", "int"],
  ["outputTokens", "int", "int"],
  ["cachedTokens", "int", "int"],
  ["costUsd", "numeric", "text"],
  ["gate", "text", "text"],
];
export const ATTEMPT_SQL = buildInsert(
  "DecisionAttempt",
  A_COLUMNS,
  { ...pass(A_COLUMNS, ["gate"]), gate: `r.gate::jsonb` },
  1,
);

export const R_COLUMNS: readonly Column[] = [
  ["bucketStart", "timestamptz", "text"],
  ["granularity", "text", "text"],
  ["routeSlug", "text", "text"],
  ["model", "text", "text"],
  ["tenantId", "text", "text"],
  ["policyVersion", "int", "int"],
  ["requests", "int", "int"],
  ["errors", "int", "int"],
  ["escalations", "int", "int"],
  ["fallbacks", "int", "int"],
  ["inputTokens", "bigint", "text"],
  ["outputTokens", "bigint", "text"],
  ["costUsd", "numeric", "text"],
  ["baselineCostUsd", "numeric", "text"],
  ["latencySumMs", "bigint", "text"],
  ["latencyHist", "text", "text"],
];
export const ROLLUP_SQL = buildInsert(
  "DecisionRollup",
  R_COLUMNS,
  { ...pass(R_COLUMNS, ["latencyHist"]), latencyHist: `r."latencyHist"::int[]`, isDemo: "true" },
  1,
);
