import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "@/lib/keys";
import { toMicros } from "../budget-rows";
import { setWindowSpendForScenario } from "../budget-spend";
import type { OperatorRole, PrismaClient } from "../generated/client";
import type { SeedNames } from "./names";
import { createRng } from "../../random";
import type { BudgetPeriod } from "@/lib/vocabulary";

/** The demo operators' password (printed by `npm start`; change it on a shared machine). */
export const DEMO_PASSWORD = "switchboard";
const PASSWORD_COST = 10;

export interface SeededLogin {
  email: string;
  password: string;
  role: OperatorRole;
}

export interface SeededApiKey {
  tenantSlug: string;
  tenantId: string;
  keyId: string;
  /** The plaintext key: shown once, never stored. */
  key: string;
  prefix: string;
}

const ROLES: readonly { local: string; name: string; role: OperatorRole }[] = [
  { local: "admin", name: "Demo Admin", role: "admin" },
  { local: "editor", name: "Demo Editor", role: "editor" },
  { local: "viewer", name: "Demo Viewer", role: "viewer" },
];

/** Creates the admin, editor and viewer operators where missing; returns their logins. */
export async function ensureOperators(
  db: PrismaClient,
  names: SeedNames,
): Promise<{ logins: SeededLogin[]; adminId: string; created: number }> {
  const logins: SeededLogin[] = [];
  let adminId = "";
  let created = 0;
  const hash = await bcrypt.hash(DEMO_PASSWORD, PASSWORD_COST);
  for (const r of ROLES) {
    const email = names.email(r.local);
    let row = await db.operator.findUnique({ where: { email }, select: { id: true } });
    if (!row) {
      row = await db.operator.create({
        data: { email, name: r.name, passwordHash: hash, role: r.role },
        select: { id: true },
      });
      created++;
    }
    if (r.role === "admin") adminId = row.id;
    logins.push({ email, password: DEMO_PASSWORD, role: r.role });
  }
  return { logins, adminId, created };
}

/**
 * A key source: random by default; with a seed, keys are derived from it (reproducible demos and
 * bug reports). A seeded key is only as secret as its seed: never seed keys on a shared server.
 */
export function createKeySource(seed: string | undefined, scope: string): (n: number) => Buffer {
  if (seed === undefined) return randomBytes;
  const rng = createRng(`api-keys:${seed}:${scope}`);
  return (n) => Buffer.from(Array.from({ length: n }, () => rng.int(256)));
}

/** Creates one API key (scopes chat, models, explain) for a tenant and returns it in plaintext. */
export async function createSeedApiKey(
  db: PrismaClient,
  tenant: { id: string; slug: string },
  name: string,
  source: (n: number) => Buffer,
): Promise<SeededApiKey> {
  const key = generateApiKey(source);
  const hash = hashApiKey(key);
  // A seeded key repeats on a re-run: revive it rather than collide with its own hash.
  const existing = await db.apiKey.findUnique({
    where: { hash },
    select: { id: true, tenantId: true },
  });
  if (existing && existing.tenantId !== tenant.id)
    throw new Error(`seeded API key collides with a key of another tenant; use another seed`);
  if (existing) {
    await db.apiKey.update({
      where: { id: existing.id },
      data: { revokedAt: null },
      select: { id: true },
    });
    return {
      tenantSlug: tenant.slug,
      tenantId: tenant.id,
      keyId: existing.id,
      key,
      prefix: apiKeyPrefix(key),
    };
  }
  const row = await db.apiKey.create({
    data: {
      tenantId: tenant.id,
      name,
      hash,
      prefix: apiKeyPrefix(key),
      scopes: ["chat", "models", "explain"],
    },
    select: { id: true },
  });
  return {
    tenantSlug: tenant.slug,
    tenantId: tenant.id,
    keyId: row.id,
    key,
    prefix: apiKeyPrefix(key),
  };
}

export interface BudgetSpec {
  period: BudgetPeriod;
  limitUsd: string;
  spentUsd: string;
  softThreshold?: string;
  hardLimit?: boolean;
  windowStart: Date;
}

/** Sets a tenant's budget for a period (created or overwritten: scenarios define the state). */
export async function putBudget(db: PrismaClient, tenantId: string, b: BudgetSpec): Promise<void> {
  const data = {
    limitUsd: b.limitUsd,
    spentUsd: b.spentUsd,
    leasedUsd: "0",
    softThreshold: b.softThreshold ?? "0.8",
    hardLimit: b.hardLimit ?? true,
    windowStart: b.windowStart,
  };
  await db.budget.upsert({
    where: { tenantId_period: { tenantId, period: b.period } },
    create: { tenantId, period: b.period, ...data },
    update: data,
    select: { id: true },
  });
  // A budget's spent is the ledger's (docs/budgets.md): the scenario's spend goes there.
  await setWindowSpendForScenario(
    db,
    tenantId,
    b.period,
    toMicros(Number(b.spentUsd)),
    b.windowStart,
  );
}
