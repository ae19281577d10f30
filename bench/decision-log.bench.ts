/**
 * `npm run bench:decision-log`: what persisting one decision costs, in the writer's process and
 * in Postgres, for the writer's bulk load (`insertEncodedDecisions`: encode when queued, COPY per
 * batch, time-ordered ids) against the same with random (v4) ids and against the previous method
 * (one INSERT per table unpacking a jsonb array of rows), interleaved over rounds on one fresh
 * database. Records are shaped like the gateway's (one attempt, features and trace as a simple
 * route produces them). Postgres CPU is the sum over all
 * postgres processes on this machine (backends, WAL writer, checkpointer) from /proc, so run it
 * on an otherwise idle database server.
 *
 * Options (env): ROUNDS (5), BATCHES (40 per round and method), BATCH (500), DATABASE_URL (admin
 * connection, default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { execSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { createPostgresDb, type PrismaClient } from "../lib/db/engine/client";
import { encodeDecision, insertEncodedDecisions } from "../lib/db/decisions";
import { migrateDatabase } from "../lib/db/engine/migrate";
import { uuidv7 } from "../lib/ids";
import type { DecisionRecord } from "../lib/decision-log/decision-record";
import { insertJsonb } from "./support/decision-insert-jsonb";
import { cpuSeconds } from "./support/load";

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const BATCHES = Number(process.env.BATCHES ?? 40);
const BATCH = Number(process.env.BATCH ?? 500);
const ADMIN_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const tenantId = randomUUID();
const apiKeyId = randomUUID();
const policyVersionId = randomUUID();

function gatewayRecord(): DecisionRecord {
  const createdAt = new Date();
  return {
    id: uuidv7(),
    requestId: `req_${randomUUID()}`,
    createdAt,
    tenantId,
    apiKeyId,
    endUserId: null,
    routeSlug: "bench",
    policyVersionId,
    policyVersion: 1,
    ruleMatched: null,
    strategy: "single",
    features: {
      stream: false,
      hasTools: false,
      metadata: {
        tags: [],
        task: null,
        priority: "normal",
        userTier: null,
        latencyClass: null,
        endUserId: null,
      },
      hasImages: false,
      messageCount: 1,
      hasJsonSchema: false,
      overheadTokens: 7,
      responseFormat: "text",
      maxOutputTokens: 16,
      conversationTurns: 1,
      estimatedInputTokens: 13,
      requiredCapabilities: [],
    },
    trace: {
      rules: [{ ruleId: "batch", matched: false, conditions: [{ held: false, path: "when" }] }],
      dropped: [],
      strategy: "single",
      overrides: [],
      usedRoute: "bench",
      matchedRule: null,
      policyVersion: { id: policyVersionId, version: 1 },
      requestedRoute: "bench",
      strategyDetail: {},
    },
    gateResults: [],
    escalated: false,
    fellBack: false,
    streamed: false,
    finalModel: "bench-model",
    finalProvider: "fake",
    status: "success",
    errorClass: null,
    httpStatus: 200,
    latencyMs: 2,
    ttftMs: null,
    inputTokens: 6,
    outputTokens: 9,
    cachedTokens: 0,
    usageEstimated: false,
    costUsd: 0.0000063,
    baselineCostUsd: 0.0000063,
    savingsUsd: 0,
    promptHash: "f".repeat(64),
    content: null,
    isDemo: false,
    attempts: [
      {
        position: 0,
        kind: "attempt",
        model: "bench-model",
        provider: "fake",
        startedAt: createdAt,
        ttftMs: null,
        durationMs: 2,
        outcome: "success",
        errorClass: null,
        httpStatus: 200,
        inputTokens: 6,
        outputTokens: 9,
        cachedTokens: 0,
        costUsd: 0.0000063,
        gate: null,
      },
    ],
  };
}

async function postgresCpu(): Promise<number> {
  const pids = execSync("pgrep -x postgres || true").toString().split(/\s+/).filter(Boolean);
  let total = 0;
  for (const pid of pids) total += await cpuSeconds(Number(pid)).catch(() => 0);
  return total;
}

interface Method {
  name: string;
  /** Work done per record when the gateway enqueues it (timed with the write). */
  prepare: (records: DecisionRecord[]) => unknown[];
  write: (db: PrismaClient, batch: unknown[]) => Promise<unknown>;
}

const METHODS: Method[] = [
  {
    name: "COPY, encoded when queued, time-ordered ids (current)",
    prepare: (records) => records.map(encodeDecision),
    write: (db, batch) => insertEncodedDecisions(db, batch as ReturnType<typeof encodeDecision>[]),
  },
  {
    name: "COPY, random (v4) decision and attempt ids (before)",
    prepare: (records) =>
      records.map((r) => {
        const encoded = encodeDecision({ ...r, id: randomUUID() });
        encoded.attemptLines = encoded.attemptLines.replace(/^[^\t]+/gm, () => randomUUID());
        return encoded;
      }),
    write: (db, batch) => insertEncodedDecisions(db, batch as ReturnType<typeof encodeDecision>[]),
  },
  {
    name: "INSERT from a jsonb array (previous)",
    prepare: (records) => records,
    write: (db, batch) => insertJsonb(db, batch as DecisionRecord[]),
  },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = (xs: number[]): string =>
  `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

async function main(): Promise<void> {
  const name = `sb_declog_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await migrateDatabase({ target: { kind: "postgres", url: url.toString() } });
  const db = createPostgresDb(url.toString());
  const results = new Map<string, { node: number[]; postgres: number[] }>();
  try {
    for (const m of METHODS)
      for (let i = 0; i < 3; i++)
        await m.write(db.prisma, m.prepare(Array.from({ length: BATCH }, gatewayRecord)));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const m of METHODS) {
        const records = Array.from({ length: BATCHES }, () =>
          Array.from({ length: BATCH }, gatewayRecord),
        );
        const cpu0 = process.cpuUsage();
        const pg0 = await postgresCpu();
        for (const batch of records) await m.write(db.prisma, m.prepare(batch));
        const cpu = process.cpuUsage(cpu0);
        const pgUs = ((await postgresCpu()) - pg0) * 1e6;
        const n = BATCHES * BATCH;
        const r = results.get(m.name) ?? { node: [], postgres: [] };
        r.node.push((cpu.user + cpu.system) / n);
        r.postgres.push(pgUs / n);
        results.set(m.name, r);
        process.stderr.write(
          `round ${round} ${m.name}: writer ${((cpu.user + cpu.system) / n).toFixed(1)} µs, postgres ${(pgUs / n).toFixed(1)} µs per decision\n`,
        );
      }
    }
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
  const cpus = os.cpus();
  console.log(
    `Machine: ${cpus.length} × ${cpus[0]?.model ?? "cpu"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; ${ROUNDS} rounds × ${BATCHES} batches of ${BATCH}; medians (min–max over rounds).\n`,
  );
  console.log("| method | writer CPU µs/decision | Postgres CPU µs/decision |");
  console.log("|---|---|---|");
  for (const [method, r] of results) {
    console.log(
      `| ${method} | ${median(r.node).toFixed(1)} (${range(r.node)}) | ${median(r.postgres).toFixed(1)} (${range(r.postgres)}) |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
