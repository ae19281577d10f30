import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Replaying the history in wasm takes ~3 s on an idle machine; leave room for a busy CI box.
const SLOW = { timeout: 180_000 };
import { diffMigrationsToSchema } from "@/lib/db/engine/schema-diff";

describe("migrations and schema.prisma", () => {
  it("do not drift apart", SLOW, async () => {
    const diff = await diffMigrationsToSchema();
    // On failure the message is the SQL a new migration needs: `npm run db:migration -- <name>`.
    expect(diff.changed, `schema.prisma changed without a migration:\n${diff.sql}`).toBe(false);
  });

  it("would notice a field added without a migration (the guard itself works)", SLOW, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-drift-"));
    try {
      const schema = fs.readFileSync("prisma/schema.prisma", "utf8");
      const edited = schema.replace(
        /^model Tenant \{\n/m,
        "model Tenant {\n  driftProbe String?\n",
      );
      expect(edited).not.toBe(schema);
      const schemaPath = path.join(dir, "schema.prisma");
      fs.writeFileSync(schemaPath, edited);
      const diff = await diffMigrationsToSchema({ schemaPath });
      expect(diff.changed).toBe(true);
      expect(diff.sql).toMatch(/ALTER TABLE "Tenant" ADD COLUMN\s+"driftProbe" TEXT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
