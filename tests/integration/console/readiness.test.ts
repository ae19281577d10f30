// /api/ready on a database that does not answer: it says "database unreachable" and lists no
// migration as pending (nothing is known about them). A closed port on 127.0.0.1 plays the
// unreachable Postgres, on either test database.
import { afterAll, describe, expect, it } from "vitest";
import { checkReadiness } from "@/lib/api/readiness";
import { createPostgresDb } from "@/lib/db/engine/client";
import { freePort } from "../../support/app-server";

describe("readiness", () => {
  const handles: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const h of handles) await h.close();
  });

  it("reports an unreachable database as such, without pending migrations", async () => {
    const port = await freePort();
    const handle = createPostgresDb(`postgresql://postgres:secret@127.0.0.1:${port}/none`);
    handles.push(handle);
    const r = await checkReadiness({ db: handle.prisma });
    expect(r).toMatchObject({ ready: false, database: "unreachable", migrations: null });
    expect(r.error).toMatch(/^database unreachable: Can't reach database server/);
    expect(r.error).not.toMatch(/secret|postgres(ql)?:\/\/|invocation/);
  });
});
