import fs from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import type { Env } from "../../lib/env";
import { getDb } from "../../lib/db/client";
import type { Secrets } from "../../lib/db/secrets";
import { isDatabaseSeeded, seedScenario } from "../../lib/db/seed";

export interface StartupData {
  seededNow: boolean;
  logins: ReadonlyArray<{ email: string; password: string; role: string }>;
  apiKeys: ReadonlyArray<{ tenant: string; key: string }>;
  note?: string;
}

const CREDENTIALS_FILE = "demo-credentials.json";

/**
 * Seeds the demo into an empty database and remembers its logins and keys. On the embedded
 * database they are kept in the data folder (a local demo) so later starts can print them again;
 * on Postgres they are printed once and never stored.
 */
export async function prepareData(
  env: Env,
  _secrets: Secrets,
  log: (line: string) => void,
): Promise<StartupData> {
  const db = await getDb();
  let data: StartupData = { seededNow: false, logins: [], apiKeys: [] };
  const scenario = env.SWITCHBOARD_SEED;
  if (scenario !== "none" && !(await isDatabaseSeeded(db))) {
    log(`Empty database: seeding the "${scenario}" scenario (14 days of demo traffic)…`);
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
  if (!admin && !key)
    lines.push("  (database was already seeded; logins and keys are in the console)");
  lines.push("");
  console.log(lines.join("\n"));
}
