import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Secrets at rest (provider credentials): AES-256-GCM with a random 96-bit IV per value.
 * Format `v1:<iv>:<tag>:<ciphertext>`, each part base64, so the algorithm can change later
 * (a `v2` prefix) without guessing what a stored value is.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretDecryptionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SecretDecryptionError";
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new RangeError("the encryption key must be 32 bytes");
}

/** Encrypts `plain` under a 32-byte key; every call yields a different ciphertext. */
export function encryptSecret(plain: string, key: Buffer): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64"), tag.toString("base64"), ct.toString("base64")].join(":");
}

/** Decrypts a value from `encryptSecret`; throws `SecretDecryptionError` on a wrong key or tampering. */
export function decryptSecret(cipherText: string, key: Buffer): string {
  checkKey(key);
  const parts = cipherText.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION)
    throw new SecretDecryptionError("unsupported secret format (expected v1:iv:tag:ciphertext)");
  const [, ivB64, tagB64, ctB64] = parts as [string, string, string, string];
  const iv = Buffer.from(ivB64, "base64");
  const tag = Buffer.from(tagB64, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new SecretDecryptionError("malformed secret (bad iv or tag length)");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(Buffer.from(ctB64, "base64")), decipher.final()]);
    return plain.toString("utf8");
  } catch (error) {
    throw new SecretDecryptionError(
      "cannot decrypt secret: wrong SWITCHBOARD_ENCRYPTION_KEY or corrupted value",
      { cause: error },
    );
  }
}

/** The last four characters, for display (`…abcd`); the secret itself is never returned. */
export function secretHint(plain: string): string {
  return plain.length <= 4 ? "…" : `…${plain.slice(-4)}`;
}
