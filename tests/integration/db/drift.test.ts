import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema } from "@/lib/db/schema-diff";

describe("migrations and schema.prisma", () => {
  it("do not drift apart", async () => {
    const diff = await diffMigrationsToSchema();
    // On failure the message is the SQL a new migration needs: `npm run db:migration -- <name>`.
    expect(diff.changed, `schema.prisma changed without a migration:\n${diff.sql}`).toBe(false);
  });
});
