import { getServerSession } from "next-auth";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db/engine/client";
import { findOperatorById, type OperatorRecord } from "@/lib/db/operators";
import { getAuthOptions } from "./options";
import { hasRole, type Role } from "./roles";

export type CurrentOperator = Pick<OperatorRecord, "id" | "email" | "name" | "role">;

/**
 * The signed-in operator, re-read from the database so a demotion, a disabled account or a
 * password reset (which bumps `sessionVersion`) takes effect at once rather than when the session
 * token expires. Null when not signed in.
 */
export async function getCurrentOperator(): Promise<CurrentOperator | null> {
  const session = await getServerSession(await getAuthOptions());
  const id = session?.user?.id;
  if (!id) return null;
  const op = await findOperatorById(await getDb(), id);
  if (!op || op.disabled || op.sessionVersion !== (session.user.sv ?? 0)) return null;
  return { id: op.id, email: op.email, name: op.name, role: op.role };
}

/** Throws `unauthenticated` or `forbidden` unless the operator has at least `role`. */
export async function requireOperator(role: Role): Promise<CurrentOperator> {
  const op = await getCurrentOperator();
  if (!op) throw new AppError("unauthenticated", "Sign in to use the console API.");
  if (!hasRole(op.role, role))
    throw new AppError("forbidden", `This action needs the ${role} role; you are ${op.role}.`);
  return op;
}
