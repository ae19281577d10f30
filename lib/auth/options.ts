import bcrypt from "bcryptjs";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientAddress } from "@/lib/forwarded";
import { getDb } from "@/lib/db/engine/client";
import { findOperatorCredentials, recordOperatorLogin } from "@/lib/db/operators";
import { resolveSecrets } from "@/lib/db/engine/secrets";
import {
  checkSignInThrottle,
  clearAccountFailures,
  recordSignInFailure,
} from "@/lib/db/sign-in-throttle";
import { isDatabaseUnavailable } from "@/lib/db/engine/unavailable";
import { loadEnv } from "@/lib/env";
import { SIGN_IN_ERRORS, throttledCode } from "@/lib/schemas/console/sign-in";
import { isRole, type Role } from "./roles";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: Role; sv: number };
  }
  interface User {
    role: Role;
    sessionVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    /** The operator's session version at sign-in (see lib/auth/session.ts). */
    sv?: number;
  }
}

let cached: Promise<AuthOptions> | undefined;

/**
 * next-auth options, built once: the secret comes from the environment or, on the embedded
 * database, from the data folder (lib/db/engine/secrets.ts), so the app needs no configuration to start.
 */
export function getAuthOptions(): Promise<AuthOptions> {
  cached ??= buildAuthOptions();
  return cached;
}

async function buildAuthOptions(): Promise<AuthOptions> {
  const secrets = await resolveSecrets();
  return {
    secret: secrets.nextAuthSecret,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const email = credentials?.email ?? "";
          const password = credentials?.password ?? "";
          if (!email || !password) return null;
          const headers = (req.headers ?? {}) as Record<string, string | undefined>;
          const address = clientAddress((name) => headers[name], loadEnv().SWITCHBOARD_TRUST_PROXY);
          try {
            return await authorizeOperator(email, password, address);
          } catch (error) {
            // next-auth puts the message in the sign-in page's URL: a code, never a driver message.
            if (error instanceof SignInRefused) throw error;
            if (isDatabaseUnavailable(error)) throw new Error(SIGN_IN_ERRORS.databaseUnavailable);
            const name = error instanceof Error ? error.name : typeof error;
            console.error(`[auth] sign-in failed unexpectedly: ${name}`);
            throw new Error(SIGN_IN_ERRORS.failed);
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = user.role;
          token.sv = user.sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        if (token.uid && isRole(token.role)) {
          session.user = {
            id: token.uid,
            email: token.email ?? "",
            name: token.name ?? "",
            role: token.role,
            // Tokens from before session versions existed count as version 0.
            sv: token.sv ?? 0,
          };
        }
        return session;
      },
    },
  };
}

/** A refusal whose message is one of SIGN_IN_ERRORS (passed through to the sign-in page). */
class SignInRefused extends Error {}

/**
 * Checks the throttle, then the password. Failures are counted and audited (without the
 * password); a success forgets the account's failures.
 */
async function authorizeOperator(email: string, password: string, address: string | null) {
  const db = await getDb();
  const verdict = await checkSignInThrottle(db, { account: email, address });
  if (!verdict.allowed) throw new SignInRefused(throttledCode(verdict.retryAfterSec));
  const op = await findOperatorCredentials(db, email);
  // Compare even when the operator is unknown, so timing does not reveal which emails exist.
  const hash = op?.passwordHash ?? "$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva";
  const ok = await bcrypt.compare(password, hash);
  if (!op || !ok || op.disabled) {
    const reason = !op ? "unknown_account" : !ok ? "wrong_password" : "disabled";
    await recordSignInFailure(db, { account: email, address, operatorId: op?.id ?? null, reason });
    return null;
  }
  await clearAccountFailures(db, email);
  await recordOperatorLogin(db, op.id, new Date());
  return {
    id: op.id,
    email: op.email,
    name: op.name,
    role: op.role,
    sessionVersion: op.sessionVersion,
  };
}
