import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, SecretDecryptionError, secretHint } from "./crypto";

const key = randomBytes(32);

describe("encryptSecret / decryptSecret", () => {
  it.each(["sk-abc", "", "ünïcödé 🔑", "x".repeat(10_000)])("round-trips %#", (plain) => {
    expect(decryptSecret(encryptSecret(plain, key), key)).toBe(plain);
  });

  it("uses a fresh IV every time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("has the versioned v1:iv:tag:ct format", () => {
    const parts = encryptSecret("sk", key).split(":");
    expect(parts[0]).toBe("v1");
    expect(parts).toHaveLength(4);
    expect(Buffer.from(parts[1]!, "base64")).toHaveLength(12);
    expect(Buffer.from(parts[2]!, "base64")).toHaveLength(16);
  });

  it("refuses a wrong key", () => {
    const c = encryptSecret("sk", key);
    expect(() => decryptSecret(c, randomBytes(32))).toThrow(SecretDecryptionError);
  });

  it("refuses tampered ciphertext", () => {
    const [v, iv, tag, ct] = encryptSecret("sk-secret", key).split(":") as [
      string,
      string,
      string,
      string,
    ];
    const bytes = Buffer.from(ct, "base64");
    bytes[0] = bytes[0]! ^ 1;
    expect(() => decryptSecret([v, iv, tag, bytes.toString("base64")].join(":"), key)).toThrow(
      SecretDecryptionError,
    );
  });

  it("refuses unknown formats and short keys", () => {
    expect(() => decryptSecret("v2:a:b:c", key)).toThrow(/unsupported/);
    expect(() => encryptSecret("x", randomBytes(16))).toThrow(RangeError);
  });

  it("hints with the last four characters only", () => {
    expect(secretHint("sk-1234567890")).toBe("…7890");
    expect(secretHint("abc")).toBe("…");
  });
});
