/**
 * Retention of minute rollup rows: a bounded DELETE, so a prune never holds many row locks or
 * one long transaction (the scheduler in lib/telemetry/rollup-retention.ts repeats it).
 */
import type { PrismaClient } from "./generated/client";
import { sqlInt, sqlQuery } from "./engine/raw-sql";

export type { PrismaClient as RollupRetentionDb } from "./generated/client";

// Postgres has no DELETE … LIMIT: pick at most $2 rows by physical address in the index order of
// (granularity, bucketStart), skipping rows another pruner holds, and delete those.
const PRUNE_MINUTE_ROLLUPS = `
  WITH doomed AS (
    DELETE FROM "DecisionRollup" WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM "DecisionRollup"
      WHERE "granularity" = 'minute' AND "bucketStart" < $1
      ORDER BY "bucketStart"
      LIMIT $2
      FOR UPDATE SKIP LOCKED))
    RETURNING 1)
  SELECT count(*) AS n FROM doomed`;

/** Deletes at most `limit` minute rollup rows whose bucket starts before `before`; the count. */
export async function pruneMinuteRollups(
  db: PrismaClient,
  before: Date,
  limit: number,
): Promise<number> {
  const [row] = await sqlQuery<{ n: unknown }>(db, PRUNE_MINUTE_ROLLUPS, [before, limit]);
  return row === undefined ? 0 : sqlInt(row.n);
}
