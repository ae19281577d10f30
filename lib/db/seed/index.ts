/**
 * Named seed scenarios (`npm run db:seed -- <scenario>`, and `npm start` into an empty database).
 * See docs/database.md, "Seed scenarios".
 */
import type { PrismaClient } from "../generated/client";
import { seedBudgetExhausted } from "./scenarios/budget-exhausted";
import { seedDemo } from "./scenarios/demo";
import { seedProviderOutage } from "./scenarios/provider-outage";
import { SEED_SCENARIOS, type SeedOptions, type SeedResult, type SeedScenarioName } from "./types";

export { SEED_SCENARIOS, SeedConflictError } from "./types";
export type { SeedOptions, SeedResult, SeedScenarioName, SeededApiKey, SeededLogin } from "./types";
export { DEMO_PASSWORD } from "./write-people";

export function isSeedScenarioName(name: string): name is SeedScenarioName {
  return (SEED_SCENARIOS as readonly string[]).includes(name);
}

/**
 * Seeds a named scenario. `demo` refuses to run twice into one database (namespace) with a
 * `SeedConflictError`; `budget-exhausted` and `provider-outage` are idempotent overlays that also
 * work on an empty database. Returns the logins and the plaintext API keys it created.
 */
export async function seedScenario(
  db: PrismaClient,
  name: string,
  options: SeedOptions = {},
): Promise<SeedResult> {
  if (!isSeedScenarioName(name))
    throw new Error(`Unknown seed scenario "${name}". Known: ${SEED_SCENARIOS.join(", ")}.`);
  switch (name) {
    case "demo":
      return seedDemo(db, options);
    case "budget-exhausted":
      return seedBudgetExhausted(db, options);
    case "provider-outage":
      return seedProviderOutage(db, options);
  }
}

/**
 * True when the database already holds configuration (a provider, route, tenant or operator):
 * `npm start` seeds `demo` only into a database where this is false.
 */
export async function isDatabaseSeeded(db: PrismaClient): Promise<boolean> {
  const [provider, route, tenant, operator] = await Promise.all([
    db.provider.findFirst({ select: { id: true } }),
    db.route.findFirst({ select: { id: true } }),
    db.tenant.findFirst({ select: { id: true } }),
    db.operator.findFirst({ select: { id: true } }),
  ]);
  return provider !== null || route !== null || tenant !== null || operator !== null;
}
