import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, secretHint } from "@/lib/db/crypto";
import { resolveSecretsFor, SECRETS_FILE } from "@/lib/db/engine/secrets";
import { uniqueSuffix, setupTestDb } from "../../support/db";

const getDb = setupTestDb();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function embeddedEnv() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-secrets-"));
  dirs.push(dataDir);
  return {
    dataDir,
    embedded: true,
    NODE_ENV: "test" as const,
    SWITCHBOARD_ENCRYPTION_KEY: undefined,
    NEXTAUTH_SECRET: undefined,
  };
}

describe("secrets", () => {
  it("generates once on the embedded database, keeps them 0600, reuses them", () => {
    const env = embeddedEnv();
    const first = resolveSecretsFor(env);
    expect(first.source).toEqual({ encryptionKey: "generated", nextAuthSecret: "generated" });
    const file = path.join(env.dataDir, SECRETS_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = resolveSecretsFor(env);
    expect(second.source).toEqual({ encryptionKey: "file", nextAuthSecret: "file" });
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true);
    expect(second.nextAuthSecret).toBe(first.nextAuthSecret);
  });

  it("prefers the environment", () => {
    const env = {
      ...embeddedEnv(),
      SWITCHBOARD_ENCRYPTION_KEY: "ab".repeat(32),
      NEXTAUTH_SECRET: "s3cret",
    };
    const secrets = resolveSecretsFor(env);
    expect(secrets.encryptionKey.toString("hex")).toBe("ab".repeat(32));
    expect(secrets.nextAuthSecret).toBe("s3cret");
    expect(fs.existsSync(path.join(env.dataDir, SECRETS_FILE))).toBe(false);
  });

  it("stores a provider credential encrypted and reads it back", async () => {
    const db = await getDb();
    const { encryptionKey } = resolveSecretsFor(embeddedEnv());
    const credential = `sk-live-${uniqueSuffix()}`;
    const provider = await db.provider.create({
      data: {
        slug: `openai-${uniqueSuffix()}`,
        name: "OpenAI",
        kind: "openai_compatible",
        credentialCiphertext: encryptSecret(credential, encryptionKey),
        credentialHint: secretHint(credential),
      },
    });
    const row = await db.provider.findUniqueOrThrow({ where: { id: provider.id } });
    expect(row.credentialCiphertext).not.toContain(credential);
    expect(row.credentialCiphertext).toMatch(/^v1:/);
    expect(decryptSecret(row.credentialCiphertext!, encryptionKey)).toBe(credential);
    expect(row.credentialHint).toBe(credential.slice(-4).padStart(5, "…"));
  });
});
