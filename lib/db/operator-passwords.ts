/**
 * Operator passwords after creation: an admin's reset of another operator, and an operator's
 * change of their own (which needs the current one). Both bump `sessionVersion`, which ends every
 * session issued before the change (lib/auth/session.ts); the changing operator's client signs in
 * again with the new password. The audit entry never holds a password or hash.
 */
import bcrypt from "bcryptjs";
import { AppError } from "@/lib/errors";
import { recordAudit, type AuditActor } from "./audit";
import type { PrismaClient } from "./generated/client";
import { PASSWORD_HASH_COST } from "./operator-admin";

async function storePassword(
  db: PrismaClient,
  actor: AuditActor,
  id: string,
  password: string,
  action: "operator.password_reset" | "operator.password_change",
): Promise<void> {
  const passwordHash = await bcrypt.hash(password, PASSWORD_HASH_COST);
  await db.$transaction(async (tx) => {
    const updated = await tx.operator.updateMany({
      where: { id },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    if (updated.count === 0) throw new AppError("not_found", "No such operator.");
    await recordAudit(tx, {
      actor,
      action,
      entityType: "operator",
      entityId: id,
      after: { sessionsEnded: true },
    });
  });
}

/** Admin: sets another operator's password and signs them out everywhere. */
export async function resetOperatorPassword(
  db: PrismaClient,
  actor: AuditActor & { id: string },
  id: string,
  password: string,
): Promise<{ sessionsEnded: true }> {
  await storePassword(db, actor, id, password, "operator.password_reset");
  return { sessionsEnded: true };
}

/** Any operator: changes their own password after proving they know the current one. */
export async function changeOwnPassword(
  db: PrismaClient,
  actor: AuditActor & { id: string },
  currentPassword: string,
  newPassword: string,
): Promise<{ sessionsEnded: true }> {
  const row = await db.operator.findUnique({
    where: { id: actor.id },
    select: { passwordHash: true },
  });
  if (!row) throw new AppError("not_found", "No such operator.");
  if (!(await bcrypt.compare(currentPassword, row.passwordHash)))
    throw new AppError("validation_failed", "The current password is wrong.", {
      details: [{ path: "currentPassword", message: "This is not your current password." }],
    });
  await storePassword(db, actor, actor.id, newPassword, "operator.password_change");
  return { sessionsEnded: true };
}
