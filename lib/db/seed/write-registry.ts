import type { Prisma, PrismaClient } from "../generated/client";
import { CATALOG_MODELS, type CatalogModel } from "./catalog";
import { CATALOG_PROVIDERS, buildSimulatorSettings } from "./catalog-providers";
import type { SeedNames } from "./names";
import { buildPolicyVersions } from "./policies";
import { SEED_CHAINS } from "./chains";
import { SEED_ROUTES } from "./routes";

export interface SeededRegistry {
  /** Provider key (e.g. `sim-openai`) → id. */
  providerIds: Map<string, string>;
  /** Model slug (namespaced) → id. */
  modelIds: Map<string, string>;
  /** Route key → (version number → policy version id). */
  versionIds: Map<string, Map<number, string>>;
  created: { providers: number; models: number; chains: number; routes: number; versions: number };
}

export interface RegistryOptions {
  /** Operator recorded as author of the policy versions. */
  authorId: string | null;
  /** When each version was published: route key, version → time. */
  publishedAt: (routeKey: string, version: number) => Date;
}

function modelData(
  m: CatalogModel,
  twin: boolean,
): Omit<Prisma.ModelUncheckedCreateInput, "slug" | "providerId"> {
  return {
    upstreamName: m.upstreamName,
    displayName: twin
      ? `${m.displayName} (${m.family === "openai" ? "OpenAI" : "Anthropic"})`
      : m.displayName,
    inputPricePerMTok: m.inputPrice,
    outputPricePerMTok: m.outputPrice,
    cachedInputPricePerMTok: m.cachedInputPrice,
    contextWindow: m.contextWindow,
    maxOutputTokens: m.maxOutputTokens,
    capabilities: m.capabilities,
    tier: m.tier,
    declaredLatencyMs: m.declaredLatencyMs,
    tokenizer: m.tokenizer,
    enabled: !twin,
  };
}

/**
 * Creates the seed registry and routes where missing and reads back what exists, so every
 * scenario can build on it (idempotent: existing rows are left as they are).
 */
export async function ensureRegistry(
  db: PrismaClient,
  names: SeedNames,
  options: RegistryOptions,
): Promise<SeededRegistry> {
  const created = { providers: 0, models: 0, chains: 0, routes: 0, versions: 0 };
  const providerIds = new Map<string, string>();
  for (const p of CATALOG_PROVIDERS) {
    const slug = names.slug(p.key);
    const existing = await db.provider.findUnique({ where: { slug }, select: { id: true } });
    if (existing) {
      providerIds.set(p.key, existing.id);
      continue;
    }
    const row = await db.provider.create({
      data: {
        slug,
        name: p.name,
        kind: p.kind,
        baseUrl: p.baseUrl,
        enabled: p.enabled,
        settings:
          p.kind === "simulator"
            ? (buildSimulatorSettings(p.serves.family) as Prisma.InputJsonObject)
            : {},
        requestTimeoutMs: p.kind === "simulator" ? 30_000 : 60_000,
      },
      select: { id: true },
    });
    providerIds.set(p.key, row.id);
    created.providers++;
  }

  const modelIds = new Map<string, string>();
  const wanted: Prisma.ModelCreateManyInput[] = [];
  for (const p of CATALOG_PROVIDERS)
    for (const m of CATALOG_MODELS.filter((x) => x.family === p.serves.family)) {
      const slug = names.slug(p.serves.twin ? `${m.family}/${m.key}` : m.key);
      wanted.push({
        slug,
        providerId: providerIds.get(p.key) ?? "",
        ...modelData(m, p.serves.twin),
      });
    }
  const result = await db.model.createMany({ data: wanted, skipDuplicates: true });
  created.models = result.count;
  const rows = await db.model.findMany({
    where: { slug: { in: wanted.map((w) => w.slug) } },
    select: { id: true, slug: true },
  });
  for (const r of rows) modelIds.set(r.slug, r.id);

  for (const chain of SEED_CHAINS) {
    const slug = names.slug(chain.key);
    if (await db.fallbackChain.findUnique({ where: { slug }, select: { id: true } })) continue;
    await db.fallbackChain.create({
      data: {
        slug,
        name: chain.name,
        description: chain.description,
        triggers: chain.triggers,
        deadlineMs: chain.deadlineMs,
        steps: {
          create: chain.steps.map((s, position) => ({
            position,
            modelId: modelIds.get(names.slug(s.model)) ?? "",
            timeoutMs: s.timeoutMs,
          })),
        },
      },
      select: { id: true },
    });
    created.chains++;
  }

  const versionIds = new Map<string, Map<number, string>>();
  for (const route of SEED_ROUTES) {
    const slug = names.slug(route.key);
    let row = await db.route.findUnique({
      where: { slug },
      select: { id: true, versions: { select: { id: true, version: true } } },
    });
    if (!row) {
      row = await createRoute(db, names, route.key, options);
      created.routes++;
      created.versions += row.versions.length;
    }
    versionIds.set(route.key, new Map(row.versions.map((v) => [v.version, v.id])));
  }
  return { providerIds, modelIds, versionIds, created };
}

async function createRoute(
  db: PrismaClient,
  names: SeedNames,
  key: string,
  options: RegistryOptions,
) {
  const route = SEED_ROUTES.find((r) => r.key === key);
  if (!route) throw new Error(`unknown seed route "${key}"`);
  const baseline = await db.model.findUnique({
    where: { slug: names.slug(route.baseline) },
    select: { id: true },
  });
  const versions = buildPolicyVersions(key, names);
  return db.$transaction(async (tx) => {
    const created = await tx.route.create({
      data: {
        slug: names.slug(key),
        description: route.description,
        baselineModelId: baseline?.id ?? null,
        contentInspection: route.contentInspection,
      },
      select: { id: true },
    });
    const rows: { id: string; version: number }[] = [];
    for (const v of versions) {
      const at = options.publishedAt(key, v.version);
      rows.push(
        await tx.policyVersion.create({
          data: {
            routeId: created.id,
            version: v.version,
            document: v.document as Prisma.InputJsonObject,
            comment: v.comment,
            createdById: options.authorId,
            createdAt: at,
            publishedAt: at,
          },
          select: { id: true, version: true },
        }),
      );
    }
    const active = rows[rows.length - 1];
    await tx.route.update({
      where: { id: created.id },
      data: { activeVersionId: active?.id ?? null },
      select: { id: true },
    });
    return { id: created.id, versions: rows };
  });
}
