/**
 * `npm run bench:overview`: the console's overview and decision-list reads on a database holding
 * millions of decisions. Creates a fresh Postgres database (dropped afterwards) and/or an
 * in-memory PGlite, migrates it with the project's runner, generates 30 days of decisions and
 * the minute/hour/day rollups they produce (bench/support/overview-seed.ts), then times
 * `readOverview` for every range × grouping and `listDecisions` for a few pages: median, p95
 * and min–max over repeated runs, after warm-up runs.
 *
 * Options (env): BENCH_DB (postgres | pglite | both; default postgres), DECISIONS (3,000,000),
 * PGLITE_DECISIONS (300,000), DAYS (30), RUNS (20), WARMUP (2), DATABASE_URL (an admin URL of
 * the Postgres server; default postgresql://postgres@127.0.0.1:5432/postgres), KEEP=1 (keep the
 * seeded database and print its name), REUSE=<name> (bench a kept database again, no seeding).
 */
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createPgliteDb, createPostgresDb, type DbHandle } from "../lib/db/engine/client";
import { planBuckets, readOverview } from "../lib/db/dashboard";
import { listDecisions, type DecisionListFilters } from "../lib/db/decision-reads";
import { migrateDatabase } from "../lib/db/engine/migrate";
import { resolveOverviewWindow } from "../lib/schemas/console/time-range";
import type { SpendGroup, TimeRange } from "../lib/schemas/console/overview";
import { ROUTES, seedOverviewData, type ExecSql } from "./support/overview-seed";

const BENCH_DB = process.env.BENCH_DB ?? "postgres";
const DECISIONS = Number(process.env.DECISIONS ?? 3_000_000);
const PGLITE_DECISIONS = Number(process.env.PGLITE_DECISIONS ?? 300_000);
const DAYS = Number(process.env.DAYS ?? 30);
const RUNS = Number(process.env.RUNS ?? 20);
const WARMUP = Number(process.env.WARMUP ?? 2);
const KEEP = process.env.KEEP === "1";
const REUSE = process.env.REUSE;
const ADMIN_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const DAY = 86_400_000;
const RANGES: TimeRange[] = ["1h", "24h", "7d", "30d", "custom"];
const GROUPS: SpendGroup[] = ["route", "model", "tenant"];

interface Stats {
  median: number;
  p95: number;
  min: number;
  max: number;
}

function summarize(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
  const m = Math.floor(s.length / 2);
  const median = s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
  return { median, p95: at(0.95), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

async function time(fn: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

interface Row {
  read: string;
  detail: string;
  rows: string;
  stats: Stats;
}

function printTable(title: string, rows: Row[]): void {
  const f = (n: number) => n.toFixed(1);
  const head = ["read", "case", "rows read", "median ms", "p95 ms", "min–max ms"];
  const body = rows.map((r) => [
    r.read,
    r.detail,
    r.rows,
    f(r.stats.median),
    f(r.stats.p95),
    `${f(r.stats.min)}–${f(r.stats.max)}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ")} |`;
  console.log(`\n${title}\n`);
  console.log(line(head));
  console.log(
    `| ${widths.map((w, i) => (i < 2 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`,
  );
  for (const b of body) console.log(line(b));
}

/** Rollup rows the overview reads for a window (the parts `planBuckets` picks), per granularity. */
async function rollupRowsIn(h: DbHandle, from: Date, to: Date, nowMs: number): Promise<string> {
  const counts = new Map<string, number>();
  for (const p of planBuckets(from.getTime(), to.getTime(), nowMs).parts) {
    const [r] = await h.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM "DecisionRollup" WHERE granularity = ${p.granularity}
        AND "bucketStart" >= ${new Date(p.fromMs)} AND "bucketStart" < ${new Date(p.toMs)}`;
    counts.set(p.granularity, (counts.get(p.granularity) ?? 0) + (r?.n ?? 0));
  }
  return [...counts].map(([g, n]) => `${n.toLocaleString("en-US")} ${g}`).join(" + ");
}

async function benchReads(h: DbHandle, endMs: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const range of RANGES) {
    // Custom: three days ending ten days ago, not aligned to hours.
    const window =
      range === "custom"
        ? { from: new Date(endMs - 13 * DAY - 1_234_567), to: new Date(endMs - 10 * DAY) }
        : resolveOverviewWindow({ range }, endMs);
    const read = await rollupRowsIn(h, window.from, window.to, endMs);
    const now = new Date(endMs);
    for (const groupBy of GROUPS) {
      const stats = await time(() => readOverview(h.prisma, { ...window, groupBy, now }));
      rows.push({
        read: "overview",
        detail: `${range === "custom" ? "custom 3d" : range} by ${groupBy}`,
        rows: read,
        stats,
      });
      console.log(`  overview ${range} by ${groupBy}: median ${stats.median.toFixed(1)} ms`);
    }
  }
  const [heavy, light] = await h.prisma.$queryRaw<Array<{ id: string }>>`
    SELECT "tenantId"::text AS id FROM "Decision" WHERE "tenantId" IS NOT NULL
    GROUP BY 1 ORDER BY count(*) DESC LIMIT 2`;
  const first = await listDecisions(h.prisma, {}, { limit: 50 });
  const pages: Array<[string, DecisionListFilters, string | null]> = [
    ["first page", {}, null],
    ["second page (cursor)", {}, first.nextCursor],
    ["last 24 h", { from: new Date(endMs - DAY), to: new Date(endMs) }, null],
    ["route + upstream_error", { routeSlug: ROUTES[1], status: "upstream_error" }, null],
    ["busiest tenant + model", { tenantId: heavy?.id ?? "", model: "model-00" }, null],
    ["tenant + model never used", { tenantId: light?.id ?? "", model: "model-19" }, null],
    ["escalated, last 7 d", { escalated: true, from: new Date(endMs - 7 * DAY) }, null],
    ["cost ≥ $0.05", { minCostUsd: 0.05 }, null],
  ];
  for (const [name, filters, cursor] of pages) {
    const stats = await time(() => listDecisions(h.prisma, filters, { cursor, limit: 50 }));
    const n = (await listDecisions(h.prisma, filters, { cursor, limit: 50 })).items.length;
    rows.push({ read: "decisions", detail: name, rows: `${n} returned`, stats });
    console.log(`  decisions ${name}: median ${stats.median.toFixed(1)} ms`);
  }
  return rows;
}

async function seed(h: DbHandle, exec: ExecSql, decisions: number, endMs: number) {
  const started = performance.now();
  const counts = await seedOverviewData(
    exec,
    async (sql) => Number((await h.prisma.$queryRawUnsafe<Array<{ n: number }>>(sql))[0]?.n ?? 0),
    (table) =>
      h.prisma.$queryRaw<Array<{ name: string; def: string }>>`
        SELECT indexname AS name, indexdef AS def FROM pg_indexes
        WHERE tablename = ${table} AND schemaname = current_schema()`,
    { decisions, days: DAYS, endMs, chunk: 250_000, log: console.log },
  );
  const fmt = (n: number) => n.toLocaleString("en-US");
  console.log(
    `  seeded ${fmt(counts.decisions)} decisions, ${fmt(counts.minuteRows)} minute, ` +
      `${fmt(counts.hourRows)} hour and ${fmt(counts.dayRows)} day rollup rows in ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return counts;
}

async function runPostgres(): Promise<void> {
  // REUSE: a database a KEEP=1 run left behind (already seeded); it is kept again.
  const name = REUSE ?? `sb_bench_overview_${randomBytes(4).toString("hex")}`;
  if (!/^sb_bench_overview_[0-9a-f]{8}$/.test(name))
    throw new Error(`not a bench database: ${name}`);
  const keep = KEEP || REUSE !== undefined;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  if (REUSE === undefined) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const dropDb = async () => {
    if (keep) return console.log(`kept database ${name} (REUSE=${name} to bench it again)`);
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await c.end();
  };
  const onSignal = () => void dropDb().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  let h: DbHandle | undefined;
  try {
    const handle = createPostgresDb(url);
    h = handle;
    if (handle.kind !== "postgres") throw new Error("expected a Postgres handle");
    const pool = handle.pool;
    let endMs = Date.now();
    if (REUSE === undefined) {
      console.log(`Postgres (database ${name}): ${DECISIONS.toLocaleString("en-US")} decisions`);
      await migrateDatabase({ target: { kind: "postgres", url } });
      await seed(h, async (sql) => void (await pool.query(sql)), DECISIONS, endMs);
    } else {
      const r = await pool.query<{ end: Date }>(`SELECT max("createdAt") AS end FROM "Decision"`);
      endMs = (r.rows[0]?.end.getTime() ?? endMs) + 1;
      console.log(`Postgres (database ${name}, reused)`);
    }
    const total = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Decision"`);
    printTable(
      `Postgres, ${(total.rows[0]?.n ?? 0).toLocaleString("en-US")} decisions over ${DAYS} days`,
      await benchReads(h, endMs),
    );
  } finally {
    await h?.close();
    await dropDb();
    process.off("SIGINT", onSignal);
  }
}

async function runPglite(): Promise<void> {
  console.log(`PGlite (in memory): ${PGLITE_DECISIONS.toLocaleString("en-US")} decisions`);
  const pglite = await PGlite.create("memory://");
  await migrateDatabase({ target: { kind: "pglite", pglite } });
  const h = createPgliteDb(pglite);
  try {
    const endMs = Date.now();
    await seed(h, async (sql) => void (await pglite.exec(sql)), PGLITE_DECISIONS, endMs);
    printTable(
      `PGlite, ${PGLITE_DECISIONS.toLocaleString("en-US")} decisions over ${DAYS} days`,
      await benchReads(h, endMs),
    );
  } finally {
    await h.close();
  }
}

if (BENCH_DB === "postgres" || BENCH_DB === "both") await runPostgres();
if (BENCH_DB === "pglite" || BENCH_DB === "both") await runPglite();
