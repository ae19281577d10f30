import { describe, expect, it } from "vitest";
import { touchApiKeysLastUsed } from "@/lib/db/api-key-auth";
import { bumpConfigRevision, readConfigRevisions } from "@/lib/db/config-revision";
import { sqlBigInt, sqlDate, sqlInt, sqlQuery, sqlTransaction } from "@/lib/db/engine/raw-sql";
import { setupTestDb, testDatabaseKind, uniqueSuffix } from "../../support/db";

const getDb = setupTestDb();

describe(`driver SQL under a Prisma client (${testDatabaseKind})`, () => {
  it("reads int8, numeric and timestamptz the same way on either driver", async () => {
    const db = await getDb();
    const at = new Date("2026-11-23T12:34:56.789Z");
    const [row] = await sqlQuery<Record<string, unknown>>(
      db,
      `SELECT $1::bigint AS small, 9007199254740993::bigint AS big,
        ROUND(12.345678::numeric(14,6) * 1000000)::bigint AS micros, $2::timestamptz AS at`,
      [42, at],
    );
    expect(sqlInt(row?.small)).toBe(42);
    expect(sqlBigInt(row?.big)).toBe(9007199254740993n);
    expect(sqlInt(row?.micros)).toBe(12_345_678);
    expect(sqlDate(row?.at).getTime()).toBe(at.getTime());
  });

  it("rolls a failed transaction back", async () => {
    const db = await getDb();
    const slug = `raw-${uniqueSuffix()}`;
    await expect(
      sqlTransaction(db, async (query) => {
        await query(
          `INSERT INTO "Tenant" ("id", "slug", "name", "updatedAt")
           VALUES (gen_random_uuid(), $1, $1, now())`,
          [slug],
        );
        expect(await query(`SELECT 1 FROM "Tenant" WHERE "slug" = $1`, [slug])).toHaveLength(1);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.tenant.count({ where: { slug } })).toBe(0);
  });

  it("polls config revisions as bigints", async () => {
    const db = await getDb();
    const before = await readConfigRevisions(db);
    await bumpConfigRevision(db, "keys");
    await bumpConfigRevision(db, "keys");
    const after = await readConfigRevisions(db);
    expect(after.keys).toBe(before.keys + 2n);
    expect(after.routing).toBe(before.routing);
    expect(typeof after.tenants).toBe("bigint");
  });

  it("touches lastUsedAt of the given keys only", async () => {
    const db = await getDb();
    const slug = `touch-${uniqueSuffix()}`;
    const tenant = await db.tenant.create({ data: { slug, name: slug }, select: { id: true } });
    const key = (name: string) =>
      db.apiKey.create({
        data: {
          tenantId: tenant.id,
          name,
          hash: `${slug}-${name}`,
          prefix: "sk-sb-test",
          scopes: [],
        },
        select: { id: true },
      });
    const [a, b] = [await key("a"), await key("b")];
    const at = new Date("2026-11-23T08:00:00.123Z");
    await touchApiKeysLastUsed(db, [a.id], at);
    await touchApiKeysLastUsed(db, [], at);
    const rows = await db.apiKey.findMany({
      where: { tenantId: tenant.id },
      select: { id: true, lastUsedAt: true },
    });
    expect(rows.find((r) => r.id === a.id)?.lastUsedAt?.getTime()).toBe(at.getTime());
    expect(rows.find((r) => r.id === b.id)?.lastUsedAt).toBeNull();
  });
});
