import fs from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import type { Env } from "../lib/env";
import type { PrismaClient } from "../lib/db/engine/client";
import { isDatabaseSeeded, seedScenario } from "../lib/db/seed";

export interface StartupData {
  seededNow: boolean;
  logins: ReadonlyArray<{ email: string; password: string; role: string }>;
  apiKeys: ReadonlyArray<{ tenant: string; key: string }>;
  note?: string;
}

const CREDENTIALS_FILE = "demo-credentials.json";

/**
 * Seeds the scenario of `SWITCHBOARD_SEED` into an empty database (by default the demo on the
 * embedded database and nothing on Postgres, lib/env.ts) and remembers its logins and keys. On the
 * embedded database they are kept in the data folder (a local demo) so later starts can print them
 * again; on Postgres they are printed once and never stored. Then the admin of
 * `SWITCHBOARD_ADMIN_EMAIL`/`_PASSWORD`, or one line saying how to create one when none exists.
 */
export async function prepareData(
  env: Env,
  db: PrismaClient,
  log: (line: string) => void,
): Promise<StartupData> {
  let data: StartupData = { seededNow: false, logins: [], apiKeys: [] };
  const scenario = env.SWITCHBOARD_SEED;
  if (scenario !== "none" && !(await isDatabaseSeeded(db))) {
    const days = env.SWITCHBOARD_DEMO_HISTORY_DAYS;
    log(
      `Empty database: seeding the "${scenario}" scenario (${days} day${days === 1 ? "" : "s"} of demo traffic)…`,
    );
    const started = Date.now();
    const result = await seedScenario(db, scenario, {
      log,
      historyDays: env.SWITCHBOARD_DEMO_HISTORY_DAYS,
    });
    log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    data = {
      seededNow: true,
      logins: result.operators,
      apiKeys: result.apiKeys.map((k) => ({ tenant: k.tenantSlug, key: k.key })),
    };
    if (env.embedded) {
      fs.writeFileSync(path.join(env.dataDir, CREDENTIALS_FILE), JSON.stringify(data, null, 2), {
        mode: 0o600,
      });
    }
  } else if (env.embedded) {
    data = readCredentials(env.dataDir) ?? data;
    data = { ...data, seededNow: false };
  }
  if (env.SWITCHBOARD_ADMIN_EMAIL && env.SWITCHBOARD_ADMIN_PASSWORD) {
    const email = env.SWITCHBOARD_ADMIN_EMAIL.toLowerCase();
    const passwordHash = await bcrypt.hash(env.SWITCHBOARD_ADMIN_PASSWORD, 10);
    await db.operator.upsert({
      where: { email },
      create: { email, name: "Administrator", passwordHash, role: "admin" },
      update: { passwordHash, role: "admin", disabled: false },
      select: { id: true },
    });
    log(`Admin operator ${email} is ready (from SWITCHBOARD_ADMIN_EMAIL).`);
  } else if (!(await db.operator.findFirst({ where: { role: "admin" }, select: { id: true } }))) {
    const note =
      "No admin operator yet: set SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD and restart to create one.";
    log(note);
    data = { ...data, note };
  }
  return data;
}

function readCredentials(dataDir: string): StartupData | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, CREDENTIALS_FILE), "utf8")) as StartupData;
  } catch {
    return null;
  }
}

export function printBanner(url: string, data: StartupData): void {
  const lines = ["", `  Switchboard is running at ${url}`, ""];
  const admin = data.logins.find((l) => l.role === "admin") ?? data.logins[0];
  if (admin) lines.push(`  Console login:  ${admin.email} / ${admin.password}`);
  const key = data.apiKeys[0];
  if (key) {
    lines.push(`  Demo API key:   ${key.key}   (tenant ${key.tenant})`);
    lines.push("");
    lines.push(`  curl ${url}/v1/chat/completions \\`);
    lines.push(`    -H "Authorization: Bearer ${key.key}" -H "Content-Type: application/json" \\`);
    lines.push(`    -d '{"model":"auto","messages":[{"role":"user","content":"Hello!"}]}'`);
  }
  if (data.note) lines.push(`  ${data.note}`);
  else if (!admin && !key)
    lines.push("  (database was already seeded; logins and keys are in the console)");
  lines.push("");
  console.log(lines.join("\n"));
}
