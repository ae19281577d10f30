import type { Prisma, PrismaClient } from "../../generated/client";
import { buildSimulatorSettings } from "../catalog-providers";
import type { SeedOptions, SeedResult } from "../types";
import { createKeySource, createSeedApiKey } from "../write-people";
import { bumpAllRevisions, ensureBase, ensureTenant, revokeSeedKeys } from "./shared";

/** The provider taken down: every Anthropic-family model fails; OpenAI-family models still work. */
export const OUTAGE_PROVIDER = "sim-anthropic";
export const OUTAGE_TENANT = "hooli";
const KEY_NAME = "provider-outage scenario key";

/** Simulator settings in which every call fails before any token with a 503-class error. */
export function buildOutageSettings(): Prisma.InputJsonObject {
  const healthy = buildSimulatorSettings("anthropic");
  const models: Record<string, Prisma.InputJsonObject> = {};
  for (const [name, value] of Object.entries(healthy.models as Record<string, object>))
    models[name] = { ...(value as Prisma.InputJsonObject), errorRate: 1 };
  return {
    ...(healthy as Prisma.InputJsonObject),
    errorRate: 1,
    errorClasses: ["server_error"],
    models,
    outage: {
      reason: "provider-outage seed scenario",
      restore: "re-run the demo settings or edit the provider",
    },
  };
}

/**
 * One provider's models failing: the simulated Anthropic provider answers every call with
 * `server_error` (error rate 1.0) while staying enabled, so breakers open and fallback chains
 * move to OpenAI-family models; Claude-only plans fail. Idempotent.
 */
export async function seedProviderOutage(
  db: PrismaClient,
  options: SeedOptions,
): Promise<SeedResult> {
  const base = await ensureBase(db, options);
  const { names, now, counts } = base;
  const slug = names.slug(OUTAGE_PROVIDER);
  await db.provider.update({
    where: { slug },
    data: { settings: buildOutageSettings(), enabled: true },
    select: { id: true },
  });
  const tenant = await ensureTenant(db, names.slug(OUTAGE_TENANT), "Hooli (provider outage)");
  await revokeSeedKeys(db, tenant.id, KEY_NAME, now);
  const key = await createSeedApiKey(
    db,
    tenant,
    KEY_NAME,
    createKeySource(options.seed, `provider-outage:${names.namespace}`),
  );
  await bumpAllRevisions(db);
  counts.tenants = tenant.created ? 1 : 0;
  counts.apiKeys = 1;
  counts.providersFailing = 1;
  return {
    scenario: "provider-outage",
    namespace: names.namespace,
    operators: base.operators,
    apiKeys: [key],
    counts,
    timings: base.timings,
    notes: [
      `provider ${slug}: error rate 1.0 on every model (server_error); fallbacks move to the OpenAI-family models`,
    ],
  };
}
