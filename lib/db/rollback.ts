/** The global rollback toggle (one row, id "global"): flips are audited and bump `rollback`. */
import { AppError } from "@/lib/errors";
import { recordAudit, type AuditActor } from "./audit";
import { bumpConfigRevision } from "./config-revision";
import type { PrismaClient } from "./generated/client";
import type { RollbackState } from "@/lib/schemas/console/rollback";

const OFF: RollbackState = {
  enabled: false,
  routeSlug: null,
  reason: "",
  changedBy: null,
  changedAt: null,
};

export async function getRollbackState(db: PrismaClient): Promise<RollbackState> {
  const row = await db.rollbackToggle.findUnique({
    where: { id: "global" },
    select: {
      enabled: true,
      routeSlug: true,
      reason: true,
      changedAt: true,
      changedBy: { select: { email: true } },
    },
  });
  if (!row) return OFF;
  return {
    enabled: row.enabled,
    routeSlug: row.routeSlug,
    reason: row.reason,
    changedBy: row.changedBy?.email ?? null,
    changedAt: row.changedAt.toISOString(),
  };
}

/**
 * Turns the toggle on (every request goes to `routeSlug`, which must exist and have an active
 * policy) or off (every route's own active policy applies again).
 */
export async function setRollback(
  db: PrismaClient,
  actor: AuditActor,
  input: { enabled: true; routeSlug: string; reason: string } | { enabled: false; reason: string },
): Promise<RollbackState> {
  await db.$transaction(async (tx) => {
    const before = await tx.rollbackToggle.findUnique({ where: { id: "global" } });
    if (input.enabled) {
      // FOR SHARE: a concurrent route deletion (lib/db/route-writes.ts) waits for this flip.
      const [route] = await tx.$queryRaw<Array<{ activeVersionId: string | null }>>`
        SELECT "activeVersionId"::text AS "activeVersionId" FROM "Route"
        WHERE slug = ${input.routeSlug} FOR SHARE`;
      if (!route)
        throw new AppError("validation_failed", "Unknown route.", {
          details: [{ path: "routeSlug", message: `no route "${input.routeSlug}"` }],
        });
      if (!route.activeVersionId)
        throw new AppError("validation_failed", "That route has no active policy.", {
          details: [{ path: "routeSlug", message: "publish a policy on it first" }],
        });
    } else if (!before?.enabled) {
      throw new AppError("conflict", "The rollback toggle is already off.");
    }
    const data = {
      enabled: input.enabled,
      routeSlug: input.enabled ? input.routeSlug : null,
      reason: input.reason,
      changedById: actor.id,
      changedAt: new Date(),
      revision: { increment: 1 },
    };
    await tx.rollbackToggle.upsert({
      where: { id: "global" },
      create: { id: "global", ...data, revision: 1 },
      update: data,
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: input.enabled ? "rollback.enable" : "rollback.disable",
      entityType: "rollback",
      entityId: "global",
      before: before
        ? { enabled: before.enabled, routeSlug: before.routeSlug, reason: before.reason }
        : undefined,
      after: { enabled: input.enabled, routeSlug: data.routeSlug, reason: input.reason },
    });
    await bumpConfigRevision(tx, "rollback");
  });
  return getRollbackState(db);
}
