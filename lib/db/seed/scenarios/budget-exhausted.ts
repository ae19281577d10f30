import { currentWindowStart } from "../../budget-rows";
import type { PrismaClient } from "../../generated/client";
import type { SeedOptions, SeedResult } from "../types";
import { createKeySource, createSeedApiKey, putBudget } from "../write-people";
import { bumpAllRevisions, ensureBase, ensureTenant, revokeSeedKeys } from "./shared";

export const EXHAUSTED_TENANT = "umbrella";
const KEY_NAME = "budget-exhausted scenario key";

/**
 * A tenant at its hard daily limit (spent = limit, nothing leased): every request that could
 * cost anything is rejected with `budget_exceeded` until the window rolls over. Idempotent:
 * re-running resets the budgets and replaces the scenario's key.
 */
export async function seedBudgetExhausted(
  db: PrismaClient,
  options: SeedOptions,
): Promise<SeedResult> {
  const base = await ensureBase(db, options);
  const { names, now, counts } = base;
  const tenant = await ensureTenant(
    db,
    names.slug(EXHAUSTED_TENANT),
    "Umbrella Corp (budget exhausted)",
  );
  await revokeSeedKeys(db, tenant.id, KEY_NAME, now);
  const key = await createSeedApiKey(
    db,
    tenant,
    KEY_NAME,
    createKeySource(options.seed, `budget-exhausted:${names.namespace}`),
  );
  await putBudget(db, tenant.id, {
    period: "daily",
    limitUsd: "5.000000",
    spentUsd: "5.000000",
    hardLimit: true,
    windowStart: currentWindowStart("daily", now),
  });
  await putBudget(db, tenant.id, {
    period: "monthly",
    limitUsd: "100.000000",
    spentUsd: "61.400000",
    hardLimit: true,
    windowStart: currentWindowStart("monthly", now),
  });
  await bumpAllRevisions(db);
  counts.tenants = tenant.created ? 1 : 0;
  counts.apiKeys = 1;
  counts.budgets = 2;
  return {
    scenario: "budget-exhausted",
    namespace: names.namespace,
    operators: base.operators,
    apiKeys: [key],
    counts,
    timings: base.timings,
    notes: [
      `tenant ${tenant.slug}: daily budget $5.00 spent of $5.00 (hard limit): requests are rejected with budget_exceeded`,
    ],
  };
}
