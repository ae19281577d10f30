import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { decodeKey, loadEnv, type Env } from "../../env";
import { processSingleton } from "../../process-registry";

/**
 * The encryption key (provider credentials at rest) and the NextAuth secret. From the environment
 * when set; otherwise, on the embedded database only, generated once and kept in
 * `<dataDir>/secrets.json` (mode 0600) so a fresh clone starts with no configuration. With
 * DATABASE_URL in production, lib/env.ts already refuses to start without them.
 */
export type Secrets = {
  encryptionKey: Buffer;
  nextAuthSecret: string;
  /** Where each value came from, for start-up logs (never the values). */
  source: {
    encryptionKey: "env" | "file" | "generated";
    nextAuthSecret: "env" | "file" | "generated";
  };
};

export const SECRETS_FILE = "secrets.json";

type StoredSecrets = { encryptionKey?: string; nextAuthSecret?: string };

function readStored(file: string): StoredSecrets {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    if (parsed === null || typeof parsed !== "object") return {};
    const record = parsed as Record<string, unknown>;
    return {
      encryptionKey: typeof record.encryptionKey === "string" ? record.encryptionKey : undefined,
      nextAuthSecret: typeof record.nextAuthSecret === "string" ? record.nextAuthSecret : undefined,
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new Error(`${file} is unreadable or not JSON; fix or delete it`, { cause: error });
  }
}

type SecretsEnv = Pick<
  Env,
  "SWITCHBOARD_ENCRYPTION_KEY" | "NEXTAUTH_SECRET" | "dataDir" | "embedded" | "NODE_ENV"
>;

/** Resolves the secrets for this environment (no caching; see `resolveSecrets`). */
export function resolveSecretsFor(env: SecretsEnv): Secrets {
  const envKey = env.SWITCHBOARD_ENCRYPTION_KEY ? decodeKey(env.SWITCHBOARD_ENCRYPTION_KEY) : null;
  const envAuth = env.NEXTAUTH_SECRET || undefined;
  if (envKey && envAuth)
    return {
      encryptionKey: envKey,
      nextAuthSecret: envAuth,
      source: { encryptionKey: "env", nextAuthSecret: "env" },
    };
  if (!env.embedded && env.NODE_ENV === "production")
    // lib/env.ts refuses this earlier; kept so this module is safe on its own.
    throw new Error(
      `${envKey ? "NEXTAUTH_SECRET" : "SWITCHBOARD_ENCRYPTION_KEY"}: is required in production with DATABASE_URL`,
    );
  // Embedded database (and, as a convenience, development and tests on an external one): keep
  // generated values in the data folder so credentials stay readable across restarts.
  const file = path.join(env.dataDir, SECRETS_FILE);
  const stored = readStored(file);
  const storedKey = stored.encryptionKey ? decodeKey(stored.encryptionKey) : null;
  if (stored.encryptionKey && !storedKey)
    throw new Error(`${file}: encryptionKey is not 32 bytes of hex or base64`);
  const encryptionKey = envKey ?? storedKey ?? randomBytes(32);
  const nextAuthSecret = envAuth ?? stored.nextAuthSecret ?? randomBytes(32).toString("base64");
  const generatedKey = !envKey && !storedKey;
  const generatedAuth = !envAuth && !stored.nextAuthSecret;
  if (generatedKey || generatedAuth) {
    const next: StoredSecrets = {
      ...stored,
      ...(generatedKey ? { encryptionKey: encryptionKey.toString("hex") } : {}),
      ...(generatedAuth ? { nextAuthSecret } : {}),
    };
    fs.mkdirSync(env.dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  const from = (fromEnv: boolean, generated: boolean): "env" | "file" | "generated" =>
    fromEnv ? "env" : generated ? "generated" : "file";
  return {
    encryptionKey,
    nextAuthSecret,
    source: {
      encryptionKey: from(!!envKey, generatedKey),
      nextAuthSecret: from(!!envAuth, generatedAuth),
    },
  };
}

/** The process-wide secrets, resolved once from `loadEnv()`. */
export async function resolveSecrets(): Promise<Secrets> {
  return processSingleton("secrets", () => resolveSecretsFor(loadEnv()));
}

/** The key for `encryptSecret` / `decryptSecret`. */
export async function getEncryptionKey(): Promise<Buffer> {
  return (await resolveSecrets()).encryptionKey;
}
