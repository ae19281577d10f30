// What `npm start` seeds into an empty database (server/startup.ts): the demo on the embedded
// database, nothing on a real Postgres unless asked, and the first admin from the environment.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import { afterEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/engine/client";
import { parseEnv } from "@/lib/env";
import { createTestDb } from "@/tests/support/db";
import { prepareData } from "@/server/startup";

const KEYS = {
  SWITCHBOARD_ENCRYPTION_KEY: "22".repeat(32),
  NEXTAUTH_SECRET: "startup-test-nextauth-secret-0123456789",
};
const POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/unused";

const open: DbHandle[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function freshDb(): Promise<DbHandle> {
  const handle = await createTestDb();
  open.push(handle);
  return handle;
}

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-startup-"));
  dirs.push(dir);
  return dir;
}

async function run(vars: Record<string, string>) {
  const { prisma } = await freshDb();
  const lines: string[] = [];
  const env = parseEnv({ SWITCHBOARD_DATA_DIR: dataDir(), ...vars });
  const data = await prepareData(env, prisma, (l) => lines.push(l));
  const operators = await prisma.operator.findMany({ select: { email: true, role: true } });
  const tenants = await prisma.tenant.count();
  return { data, lines, operators, tenants, prisma };
}

describe("start-up seeding", () => {
  it("seeds the demo on the embedded database and names the configured history days", async () => {
    const { data, lines, operators } = await run({ SWITCHBOARD_DEMO_HISTORY_DAYS: "0" });
    expect(data.seededNow).toBe(true);
    expect(data.logins.map((l) => l.email)).toContain("admin@switchboard.local");
    expect(data.apiKeys.length).toBeGreaterThan(0);
    expect(operators.map((o) => o.email)).toContain("admin@switchboard.local");
    const seeding = lines.find((l) => l.startsWith("Empty database"));
    expect(seeding).toContain("0 days of demo traffic");
    expect(seeding).not.toContain("14 days");
  });

  it("seeds nothing by default on a production Postgres and says how to create the admin", async () => {
    const { data, lines, operators, tenants } = await run({
      NODE_ENV: "production",
      DATABASE_URL: POSTGRES_URL,
      ...KEYS,
    });
    expect(data.seededNow).toBe(false);
    expect(data.logins).toEqual([]);
    expect(operators).toEqual([]);
    expect(tenants).toBe(0);
    const hint = lines.filter((l) => l.includes("SWITCHBOARD_ADMIN_EMAIL"));
    expect(hint).toHaveLength(1);
    expect(hint[0]).toContain("SWITCHBOARD_ADMIN_PASSWORD");
  });

  it("creates only the admin from SWITCHBOARD_ADMIN_EMAIL/_PASSWORD on Postgres", async () => {
    const { data, operators, tenants, prisma } = await run({
      NODE_ENV: "production",
      DATABASE_URL: POSTGRES_URL,
      ...KEYS,
      SWITCHBOARD_ADMIN_EMAIL: "Ops@Example.com",
      SWITCHBOARD_ADMIN_PASSWORD: "a-long-admin-password",
    });
    expect(data.seededNow).toBe(false);
    expect(operators).toEqual([{ email: "ops@example.com", role: "admin" }]);
    expect(tenants).toBe(0);
    const stored = await prisma.operator.findUniqueOrThrow({ where: { email: "ops@example.com" } });
    expect(await bcrypt.compare("a-long-admin-password", stored.passwordHash)).toBe(true);
  });

  it("seeds the demo on Postgres only when SWITCHBOARD_SEED=demo is explicit", async () => {
    const { data, operators } = await run({
      NODE_ENV: "production",
      DATABASE_URL: POSTGRES_URL,
      ...KEYS,
      SWITCHBOARD_SEED: "demo",
      SWITCHBOARD_DEMO_HISTORY_DAYS: "0",
    });
    expect(data.seededNow).toBe(true);
    expect(operators.map((o) => o.email)).toContain("admin@switchboard.local");
  });

  it("refuses an admin email without a password (and the reverse) in one line", () => {
    expect(() => parseEnv({ SWITCHBOARD_ADMIN_EMAIL: "ops@example.com" })).toThrow(
      /SWITCHBOARD_ADMIN_PASSWORD/,
    );
    expect(() => parseEnv({ SWITCHBOARD_ADMIN_PASSWORD: "a-long-admin-password" })).toThrow(
      /SWITCHBOARD_ADMIN_EMAIL/,
    );
  });
});
