import bcrypt from "bcryptjs";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { findOperatorCredentials, recordOperatorLogin } from "@/lib/db/operators";
import { resolveSecrets } from "@/lib/db/secrets";
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
 * database, from the data folder (lib/db/secrets.ts), so the app needs no configuration to start.
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
        async authorize(credentials) {
          const email = credentials?.email ?? "";
          const password = credentials?.password ?? "";
          if (!email || !password) return null;
          const db = await getDb();
          const op = await findOperatorCredentials(db, email);
          // Compare even when the operator is unknown, so timing does not reveal which emails exist.
          const hash =
            op?.passwordHash ?? "$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva";
          const ok = await bcrypt.compare(password, hash);
          if (!op || !ok || op.disabled) return null;
          await recordOperatorLogin(db, op.id, new Date());
          return {
            id: op.id,
            email: op.email,
            name: op.name,
            role: op.role,
            sessionVersion: op.sessionVersion,
          };
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
