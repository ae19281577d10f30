import type { PrismaClient } from "./generated/client";
import type { OperatorRole } from "./generated/enums";

/** The operator as the console sees it: never the password hash. */
export interface OperatorRecord {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  /** Sessions carry the value from sign-in; a different one here means the session has ended. */
  sessionVersion: number;
}

const publicSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  lastLoginAt: true,
  createdAt: true,
  sessionVersion: true,
} as const;

/** Returns the operator and their password hash, for sign-in only. */
export async function findOperatorCredentials(
  db: PrismaClient,
  email: string,
): Promise<(OperatorRecord & { passwordHash: string }) | null> {
  return db.operator.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { ...publicSelect, passwordHash: true },
  });
}

export async function recordOperatorLogin(db: PrismaClient, id: string, at: Date): Promise<void> {
  await db.operator.update({ where: { id }, data: { lastLoginAt: at }, select: { id: true } });
}

export async function findOperatorById(
  db: PrismaClient,
  id: string,
): Promise<OperatorRecord | null> {
  return db.operator.findUnique({ where: { id }, select: publicSelect });
}
