// `npm run db:seed -- <scenario> [--namespace <ns>] [--seed <s>] [--days <n>] [--per-day <n>]`:
// migrates the configured database (DATABASE_URL, or the embedded one in SWITCHBOARD_DATA_DIR),
// seeds a named scenario and prints what it made: counts, timings, logins and API keys.
import { parseArgs } from "node:util";
import { ConfigError, loadEnv } from "../lib/env";
import { closeDb, DatabaseLockedError, getDb } from "../lib/db/engine/client";
import { MigrationError, migrateDatabase } from "../lib/db/engine/migrate";
import { SEED_SCENARIOS, SeedConflictError, seedScenario, type SeedResult } from "../lib/db/seed";

const USAGE = `usage: npm run db:seed -- <${SEED_SCENARIOS.join("|")}> [--namespace ns] [--seed s] [--days n] [--per-day n]`;

function printSummary(result: SeedResult, totalMs: number): void {
  const lines = [
    ``,
    `Seeded "${result.scenario}"${result.namespace ? ` (namespace ${result.namespace})` : ""} in ${(totalMs / 1000).toFixed(1)} s`,
  ];
  lines.push(
    `  rows:    ${Object.entries(result.counts)
      .map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`)
      .join(", ")}`,
  );
  lines.push(
    `  timings: ${Object.entries(result.timings)
      .map(([k, v]) => `${k.replace(/Ms$/, "")} ${(v / 1000).toFixed(2)} s`)
      .join(", ")}`,
  );
  for (const note of result.notes) lines.push(`  - ${note}`);
  lines.push(``, `  Console logins:`);
  for (const l of result.operators)
    lines.push(`    ${l.role.padEnd(7)} ${l.email} / ${l.password}`);
  if (result.apiKeys.length > 0) {
    lines.push(``, `  API keys (shown once; only their hashes are stored):`);
    for (const k of result.apiKeys) lines.push(`    ${k.tenantSlug.padEnd(10)} ${k.key}`);
  }
  console.log(lines.join("\n"));
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(flag, "must be a non-negative integer");
  return n;
}

async function main(): Promise<number> {
  try {
    const { positionals, values } = parseArgs({
      allowPositionals: true,
      options: {
        namespace: { type: "string" },
        seed: { type: "string" },
        days: { type: "string" },
        "per-day": { type: "string" },
      },
    });
    const scenario = positionals[0];
    if (scenario === undefined || positionals.length > 1) {
      console.error(USAGE);
      return 2;
    }
    const env = loadEnv();
    const started = performance.now();
    const migrated = await migrateDatabase({ log: (line) => console.log(line) });
    if (migrated.applied.length > 0) console.log(`applied ${migrated.applied.length} migration(s)`);
    const db = await getDb();
    const result = await seedScenario(db, scenario, {
      namespace: values.namespace,
      seed: values.seed,
      historyDays: positiveInt(values.days, "--days") ?? env.SWITCHBOARD_DEMO_HISTORY_DAYS,
      decisionsPerDay: positiveInt(values["per-day"], "--per-day"),
      log: (line) => console.log(line),
    });
    printSummary(result, performance.now() - started);
    return 0;
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof DatabaseLockedError ||
      error instanceof MigrationError ||
      error instanceof SeedConflictError
    ) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof Error && error.message.startsWith("Unknown seed scenario")) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    console.error(error);
    return 1;
  } finally {
    await closeDb().catch(() => {});
  }
}

// Exit explicitly: drivers keep timers alive and the process would linger for seconds.
process.exit(await main());
