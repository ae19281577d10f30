import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/db/engine/client";
import { testDatabaseKind, uniqueSuffix, setupTestDb } from "../../support/db";

const getDb = setupTestDb();

/** Every test makes its own tenant and registry rows: the database is never assumed empty. */
async function seedTenantWithModel() {
  const db = await getDb();
  const id = uniqueSuffix();
  const provider = await db.provider.create({
    data: { slug: `sim-${id}`, name: "Simulator", kind: "simulator" },
  });
  const model = await db.model.create({
    data: {
      slug: `sim-small-${id}`,
      providerId: provider.id,
      upstreamName: "sim-small",
      displayName: "Sim small",
      inputPricePerMTok: new Prisma.Decimal("0.150000"),
      outputPricePerMTok: new Prisma.Decimal("0.600000"),
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      capabilities: ["tools", "json"],
      tier: "small",
    },
  });
  const tenant = await db.tenant.create({
    data: { slug: `acme-${id}`, name: "Acme", modelAllowlist: [model.slug] },
  });
  return { db, provider, model, tenant, id };
}

describe(`the generated client on ${testDatabaseKind}`, () => {
  it("creates and reads rows with relations and decimals", async () => {
    const { db, provider, model } = await seedTenantWithModel();
    const found = await db.provider.findUniqueOrThrow({
      where: { id: provider.id },
      include: { models: true },
    });
    expect(found.models.map((m) => m.slug)).toEqual([model.slug]);
    const m = found.models[0]!;
    expect(m.inputPricePerMTok).toBeInstanceOf(Prisma.Decimal);
    expect(m.outputPricePerMTok.toFixed(6)).toBe("0.600000");
    // 1,234 input + 567 output tokens, priced per million, stays exact in Decimal.
    const cost = m.inputPricePerMTok.mul(1234).add(m.outputPricePerMTok.mul(567)).div(1_000_000);
    expect(cost.toString()).toBe("0.0005253");
    expect(m.capabilities).toEqual(["tools", "json"]);
  });

  it("commits an interactive transaction and rolls back a failing one", async () => {
    const { db, tenant } = await seedTenantWithModel();
    await db.$transaction(async (tx) => {
      await tx.apiKey.create({
        data: {
          tenantId: tenant.id,
          name: "ci",
          hash: `h-${uniqueSuffix()}`,
          prefix: "sk-sb-ab",
          scopes: ["chat"],
        },
      });
      await tx.tenant.update({ where: { id: tenant.id }, data: { name: "Acme Corp" } });
    });
    const failing = db.$transaction(async (tx) => {
      await tx.apiKey.create({
        data: {
          tenantId: tenant.id,
          name: "lost",
          hash: `h-${uniqueSuffix()}`,
          prefix: "sk-sb-cd",
        },
      });
      throw new Error("abort");
    });
    await expect(failing).rejects.toThrow("abort");
    const keys = await db.apiKey.findMany({
      where: { tenantId: tenant.id },
      select: { name: true },
    });
    expect(keys).toEqual([{ name: "ci" }]);
    const t = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(t.name).toBe("Acme Corp");
  });

  it("runs raw SQL (counts come back as bigint)", async () => {
    const { db, tenant } = await seedTenantWithModel();
    const rows = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Tenant" WHERE "id" = ${tenant.id}::uuid`;
    expect(rows[0]?.n).toBe(1n);
  });

  it("enforces unique slugs", async () => {
    const { db, tenant } = await seedTenantWithModel();
    await expect(
      db.tenant.create({ data: { slug: tenant.slug, name: "dup" } }),
    ).rejects.toMatchObject({ code: "P2002" });
  });
});
