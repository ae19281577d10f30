import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

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
