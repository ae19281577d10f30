import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv, parseStartEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded database", () => {
    const env = parseEnv({});
    expect(env.embedded).toBe(true);
    expect(env.PORT).toBe(3000);
  });

  it("names the variable of a malformed DATABASE_URL", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(ConfigError);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/^DATABASE_URL: /);
  });

  it("requires an encryption key in production on an external database", () => {
    expect(() =>
      parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://u@127.0.0.1/db" }),
    ).toThrow(/^SWITCHBOARD_ENCRYPTION_KEY: /);
  });

  it("rejects a key of the wrong length", () => {
    expect(() => parseEnv({ SWITCHBOARD_ENCRYPTION_KEY: "abcd" })).toThrow(
      /^SWITCHBOARD_ENCRYPTION_KEY: /,
    );
  });

  it("reads the budget lease lifetime and refuses one shorter than three heartbeats", () => {
    expect(parseEnv({}).SWITCHBOARD_BUDGET_LEASE_TTL_MS).toBe(60_000);
    expect(
      parseEnv({ SWITCHBOARD_BUDGET_LEASE_TTL_MS: "5000" }).SWITCHBOARD_BUDGET_LEASE_TTL_MS,
    ).toBe(5_000);
    expect(() => parseEnv({ SWITCHBOARD_BUDGET_LEASE_TTL_MS: "500" })).toThrow(
      /^SWITCHBOARD_BUDGET_LEASE_TTL_MS: /,
    );
  });
});

describe("parseStartEnv (npm start)", () => {
  const url = "postgres://u@127.0.0.1/db";

  it("treats an unset NODE_ENV as production: an external database needs its own secrets", () => {
    expect(() => parseStartEnv({ DATABASE_URL: url })).toThrow(/^SWITCHBOARD_ENCRYPTION_KEY: /);
    expect(() =>
      parseStartEnv({ DATABASE_URL: url, SWITCHBOARD_ENCRYPTION_KEY: "ab".repeat(32) }),
    ).toThrow(/^NEXTAUTH_SECRET: /);
  });

  it("keeps the embedded database and an explicit development mode free of secrets", () => {
    expect(parseStartEnv({}).NODE_ENV).toBe("production");
    expect(parseStartEnv({}).embedded).toBe(true);
    expect(parseStartEnv({ DATABASE_URL: url, NODE_ENV: "development" }).NODE_ENV).toBe(
      "development",
    );
  });
});
