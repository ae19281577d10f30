/**
 * Console sign-in throttle: failed sign-ins are counted per account (the email as typed) and per
 * client address over a sliding window, in Postgres, so every instance and worker sees the same
 * counts. Past a limit, sign-in is refused (before the password is checked) until enough
 * failures have left the window. Each failure is also an audit entry (never the password).
 */
import { recordAudit } from "./audit";
import type { PrismaClient } from "./generated/client";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Failures of one account (from any address) within the window before it is refused. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Failures from one address (for any accounts) within the window before it is refused. */
export const MAX_FAILURES_PER_ADDRESS = 20;

export type SignInVerdict =
  { allowed: true } | { allowed: false; scope: "account" | "address"; retryAfterSec: number };

export interface SignInAttempt {
  /** The email as typed; trimmed and lowercased here. */
  account: string;
  /** The client address, or null when unknown (then only the account is counted). */
  address: string | null;
}

export type SignInFailureReason = "wrong_password" | "unknown_account" | "disabled";

const normalize = (account: string): string => account.trim().toLowerCase().slice(0, 320);

/** Seconds until the oldest of the `limit` latest failures leaves the window; null if under it. */
async function lockedFor(
  db: PrismaClient,
  where: { account: string } | { address: string },
  limit: number,
  now: Date,
): Promise<number | null> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const rows = await db.signInFailure.findMany({
    where: { ...where, at: { gte: since } },
    orderBy: { at: "desc" },
    take: limit,
    select: { at: true },
  });
  if (rows.length < limit) return null;
  const oldest = rows[rows.length - 1]!.at.getTime();
  return Math.max(1, Math.ceil((oldest + SIGN_IN_WINDOW_MS - now.getTime()) / 1000));
}

/** Whether this account and address may try to sign in now. */
export async function checkSignInThrottle(
  db: PrismaClient,
  attempt: SignInAttempt,
  now = new Date(),
): Promise<SignInVerdict> {
  const account = await lockedFor(
    db,
    { account: normalize(attempt.account) },
    MAX_FAILURES_PER_ACCOUNT,
    now,
  );
  if (account !== null) return { allowed: false, scope: "account", retryAfterSec: account };
  if (attempt.address !== null) {
    const address = await lockedFor(
      db,
      { address: attempt.address },
      MAX_FAILURES_PER_ADDRESS,
      now,
    );
    if (address !== null) return { allowed: false, scope: "address", retryAfterSec: address };
  }
  return { allowed: true };
}

/** Counts a failed sign-in, prunes failures older than the window, and audits it. */
export async function recordSignInFailure(
  db: PrismaClient,
  attempt: SignInAttempt & { operatorId: string | null; reason: SignInFailureReason },
  now = new Date(),
): Promise<void> {
  const account = normalize(attempt.account);
  await db.$transaction(async (tx) => {
    await tx.signInFailure.create({
      data: { at: now, account, address: attempt.address },
      select: { id: true },
    });
    await tx.signInFailure.deleteMany({
      where: { at: { lt: new Date(now.getTime() - SIGN_IN_WINDOW_MS) } },
    });
    await recordAudit(tx, {
      actor: { id: attempt.operatorId, email: account },
      action: "sign_in.failed",
      entityType: "sign_in",
      entityId: account,
      after: { address: attempt.address, reason: attempt.reason },
    });
  });
}

/** A successful sign-in forgets the account's failures (the address's stay counted). */
export async function clearAccountFailures(db: PrismaClient, account: string): Promise<void> {
  await db.signInFailure.deleteMany({ where: { account: normalize(account) } });
}
