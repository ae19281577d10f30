// The database becomes unreachable while the gateway runs: requests with cached keys keep being
// served from the key and config caches, unknown keys fail closed (503), the revision poller
// survives, decision records are buffered up to the writer's bound and persisted on recovery.
// Postgres: a database of its own, closed with ALLOW_CONNECTIONS false and its backends
// terminated. PGlite: the driver's query entry points fail while "down".
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDb, type DbHandle } from "@/lib/db/engine/client";
import { migrateDatabase, quoteIdent } from "@/lib/db/engine/migrate";
import { generateApiKey } from "@/lib/keys";
import { createDecisionWriter, type DecisionWriter } from "@/lib/telemetry/decision-writer";
import { createTestDb, testDatabaseUrl, uniqueSuffix } from "@/tests/support/db";
import { chatBody, postJson, startHarness, type Harness } from "./harness";

interface Outage {
  handle: DbHandle;
  down(): Promise<void>;
  up(): Promise<void>;
  dispose(): Promise<void>;
}

async function adminQuery(url: string, sql: string, params: unknown[] = []): Promise<void> {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  try {
    await admin.query(sql, params);
  } finally {
    await admin.end();
  }
}

async function createOutage(): Promise<Outage> {
  const url = testDatabaseUrl();
  if (url) {
    const name = `sbt_down_${uniqueSuffix()}`;
    const own = url.replace(/\/[^/]*$/, `/${name}`);
    await adminQuery(url, `CREATE DATABASE ${quoteIdent(name)}`);
    await migrateDatabase({ target: { kind: "postgres", url: own } });
    const handle = createPostgresDb(own, { max: 4 });
    const allow = (on: boolean) =>
      adminQuery(url, `ALTER DATABASE ${quoteIdent(name)} ALLOW_CONNECTIONS ${on}`);
    return {
      handle,
      async down() {
        await allow(false);
        await adminQuery(
          url,
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
          [name],
        );
      },
      up: () => allow(true),
      async dispose() {
        await handle.close().catch(() => {});
        await adminQuery(url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      },
    };
  }
  const handle = await createTestDb();
  const lite = handle.kind === "pglite" ? handle.pglite : null;
  if (!lite) throw new Error("expected PGlite");
  const original = { query: lite.query, exec: lite.exec, transaction: lite.transaction };
  const refuse = () => Promise.reject(new Error("database unreachable (test outage)"));
  return {
    handle,
    async down() {
      Object.assign(lite, { query: refuse, exec: refuse, transaction: refuse });
    },
    async up() {
      Object.assign(lite, original);
    },
    dispose: () => handle.close(),
  };
}

let outage: Outage;
let h: Harness;
let writer: DecisionWriter;
const MAX_BUFFER = 6;

beforeAll(async () => {
  outage = await createOutage();
  writer = createDecisionWriter({
    db: outage.handle.prisma,
    maxBuffer: MAX_BUFFER,
    flushIntervalMs: 50,
    maxBackoffMs: 100,
  });
  h = await startHarness(outage.handle.prisma, {
    models: [{ name: "solo" }],
    services: { decisions: writer, keyTtlMs: { positive: 100, negative: 100 }, pollMs: 50 },
  });
  await h.createRoute("steady", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("solo") },
  });
});
afterAll(async () => {
  await h?.close();
  await writer?.close();
  await outage?.dispose();
});

describe("database down", () => {
  it("serves cached keys and config, buffers decisions up to the bound, persists on recovery", async () => {
    const body = chatBody(h.route("steady"));
    const warm = await postJson(h, "node", "/v1/chat/completions", body);
    expect(warm.status).toBe(200);
    await writer.flush();
    expect(writer.stats()).toMatchObject({ buffered: 0, written: 1 });

    await outage.down();
    // Past the key cache's TTL and a few revision polls: every refresh now fails.
    await new Promise((r) => setTimeout(r, 400));
    for (let i = 0; i < MAX_BUFFER + 2; i++) {
      const transport = i % 2 === 0 ? "node" : "web";
      const res = await postJson(h, transport, "/v1/chat/completions", body);
      expect(res.status, await res.clone().text()).toBe(200);
      expect(res.headers.get("x-switchboard-model")).toBe(h.model("solo"));
    }
    const unknown = await fetch(`${h.urls.node}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${generateApiKey()}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(unknown.status).toBe(503);
    await new Promise((r) => setTimeout(r, 200));
    const during = writer.stats();
    expect(during.buffered).toBe(MAX_BUFFER);
    expect(during.dropped).toBe(2);
    expect(during.written).toBe(1);
    expect(during.failedFlushes).toBeGreaterThan(0);

    await outage.up();
    await expect.poll(() => writer.stats().buffered, { timeout: 15_000, interval: 100 }).toBe(0);
    expect(writer.stats().written).toBe(1 + MAX_BUFFER);
    const stored = await outage.handle.prisma.decision.count({ where: { tenantId: h.tenantId } });
    expect(stored).toBe(1 + MAX_BUFFER);
    // And the gateway keeps working after recovery (the poller and key cache recovered too).
    const after = await postJson(h, "node", "/v1/chat/completions", body);
    expect(after.status).toBe(200);
  });
});
