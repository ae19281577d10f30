import pg from "pg";
import { createPostgresDb } from "../../lib/db/engine/client";
import { migrateDatabase } from "../../lib/db/engine/migrate";
import { generateApiKey, hashApiKey, apiKeyPrefix } from "../../lib/keys";

/**
 * A fresh Postgres database holding one provider (the fake upstream, OpenAI wire format), one
 * model, a route `bench` whose policy sends everything to that model, and a tenant with large
 * daily and monthly budgets (so budget reservation runs on every request) and an API key.
 */
export async function createBenchDatabase(
  adminUrl: string,
  fakeUrl: string,
): Promise<{ url: string; apiKey: string; drop: () => Promise<void> }> {
  const name = `sb_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrateDatabase({ target: { kind: "postgres", url } });
  const db = createPostgresDb(url);
  const p = db.prisma;
  const provider = await p.provider.create({
    data: {
      slug: "fake",
      name: "Fake upstream",
      kind: "openai_compatible",
      baseUrl: `${fakeUrl}/v1`,
      allowPrivateNetwork: true,
    },
  });
  const model = await p.model.create({
    data: {
      slug: "bench-model",
      providerId: provider.id,
      upstreamName: "bench-model",
      displayName: "Bench model",
      inputPricePerMTok: "0.15",
      outputPricePerMTok: "0.60",
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      capabilities: ["tools", "json", "streaming"],
      tier: "small",
    },
  });
  const route = await p.route.create({
    data: { slug: "bench", description: "benchmark route", baselineModelId: model.id },
  });
  const version = await p.policyVersion.create({
    data: {
      routeId: route.id,
      version: 1,
      document: {
        schemaVersion: 1,
        rules: [
          {
            id: "batch",
            when: { type: "metadata", field: "latencyClass", equals: "batch" },
            then: { strategy: "single", model: "bench-model" },
          },
        ],
        default: { strategy: "single", model: "bench-model" },
      },
      comment: "bench",
      publishedAt: new Date(),
    },
  });
  await p.route.update({ where: { id: route.id }, data: { activeVersionId: version.id } });
  const tenant = await p.tenant.create({ data: { slug: "bench", name: "Bench" } });
  const windowStart = new Date();
  for (const period of ["daily", "monthly"] as const)
    await p.budget.create({
      data: { tenantId: tenant.id, period, limitUsd: "1000000", windowStart, hardLimit: true },
    });
  const apiKey = generateApiKey();
  await p.apiKey.create({
    data: {
      tenantId: tenant.id,
      name: "bench",
      hash: hashApiKey(apiKey),
      prefix: apiKeyPrefix(apiKey),
      scopes: ["chat", "models", "explain"],
    },
  });
  await db.close();
  return {
    url,
    apiKey,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}
