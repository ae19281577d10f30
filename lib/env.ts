import path from "node:path";
import { z } from "zod";

/**
 * The one reader of `process.env` (lint bans it elsewhere). `loadEnv()` validates once and
 * throws a `ConfigError` whose message is one line naming the variable, so start-up can print it
 * and exit without a stack trace.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = "ConfigError";
  }
}

const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

/** A whole-number setting within [min, max], with a default when unset or empty. */
function intSetting(min: number, max: number, fallback: number) {
  return z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : Number(v)))
    .refine((v) => Number.isInteger(v) && v >= min && v <= max, {
      message: `must be a whole number from ${min} to ${max}`,
    });
}

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\/[^/]+/.test(v), {
      message: "must be a postgres:// or postgresql:// URL (unset it to use the embedded database)",
    })
    .refine((v) => v === undefined || URL.canParse(v), { message: "is not a valid URL" }),
  SWITCHBOARD_DATA_DIR: z.string().min(1).default(".data"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  PUBLIC_URL: z.string().url().optional(),
  SWITCHBOARD_ENCRYPTION_KEY: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || decodeKey(v) !== null, {
      message: "must be 32 bytes as 64 hex characters or base64",
    }),
  NEXTAUTH_SECRET: z.string().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  SWITCHBOARD_ADMIN_EMAIL: z.string().email().optional(),
  SWITCHBOARD_ADMIN_PASSWORD: z.string().min(8).optional(),
  SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS: boolish.default(false),
  /** Unset: `demo` on the embedded database, `none` with DATABASE_URL (see parseEnv). */
  SWITCHBOARD_SEED: z
    .enum(["demo", "none", ""])
    .optional()
    .transform((v) => (v === "" ? undefined : v)),
  /**
   * Trust `X-Forwarded-For/-Host/-Proto` from a reverse proxy in front (client address for the
   * sign-in throttle, origin of console writes). Off: they are ignored, since a client can send them.
   */
  SWITCHBOARD_TRUST_PROXY: boolish.default(false),
  /** Days of generated history in the demo seed (tests use 1 for speed). */
  SWITCHBOARD_DEMO_HISTORY_DAYS: z.coerce.number().int().min(0).max(90).default(14),
  SWITCHBOARD_INSTANCE_ID: z.string().optional(),
  /** Lifetime of a budget lease without a heartbeat; a dead instance's slice returns after it. */
  SWITCHBOARD_BUDGET_LEASE_TTL_MS: z.coerce
    .number()
    .int()
    .min(3_000, { message: "must be at least 3000 ms (heartbeats run every third of it)" })
    .max(3_600_000)
    .default(60_000),
  /** Bearer token Prometheus presents to `/api/metrics` (a console session works too). */
  SWITCHBOARD_METRICS_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || v.length >= 16, {
      message: "must be at least 16 characters (`openssl rand -hex 32`)",
    }),
  /** Serves `/api/metrics` to anyone; only when explicitly true. */
  SWITCHBOARD_METRICS_PUBLIC: boolish.default(false),
  /** Default hedge delay of the gateway (policies override it); unset: no hedging. */
  SWITCHBOARD_HEDGE_AFTER_MS: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : Number(v)))
    .refine((v) => v === undefined || (Number.isInteger(v) && v >= 10 && v <= 600_000), {
      message: "must be a whole number of ms from 10 to 600000",
    }),
  /** SIGTERM: how long requests in flight may finish before streams get the in-band error. */
  SWITCHBOARD_DRAIN_TIMEOUT_MS: intSetting(0, 3_600_000, 20_000),
  /** How often each instance sweeps expired leases back into budgets (default: the lease TTL). */
  SWITCHBOARD_BUDGET_SWEEP_INTERVAL_MS: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : Number(v)))
    .refine((v) => v === undefined || (Number.isInteger(v) && v >= 1_000 && v <= 3_600_000), {
      message: "must be a whole number of ms from 1000 to 3600000",
    }),
  /** Open connections per process; more are refused at accept. */
  SWITCHBOARD_MAX_CONNECTIONS: intSetting(1, 1_000_000, 4_096),
  /** Request bodies being received, in bytes, per process (503 beyond) and per key (429). */
  SWITCHBOARD_MAX_BODY_BYTES_IN_FLIGHT: intSetting(1_048_576, 68_719_476_736, 268_435_456),
  SWITCHBOARD_MAX_BODY_BYTES_IN_FLIGHT_PER_KEY: intSetting(1_048_576, 68_719_476_736, 67_108_864),
  /** Time a client has to send a whole request (headers and body); 408 after it. */
  SWITCHBOARD_REQUEST_TIMEOUT_MS: intSetting(1_000, 600_000, 30_000),
  /** Worker processes of `npm start` with DATABASE_URL (default: the cores); PGlite: always 1. */
  SWITCHBOARD_WORKERS: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : Number(v)))
    .refine((v) => v === undefined || (Number.isInteger(v) && v >= 1 && v <= 256), {
      message: "must be a whole number from 1 to 256",
    }),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  OPENAI_API_KEY: z.string().optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
});

export type Env = Omit<z.infer<typeof schema>, "SWITCHBOARD_SEED"> & {
  /** The scenario `npm start` seeds into an empty database (default depends on the database). */
  SWITCHBOARD_SEED: "demo" | "none";
  /** Absolute path of the embedded database folder. */
  dataDir: string;
  /** True when no DATABASE_URL is set: the app runs on embedded PGlite. */
  embedded: boolean;
};

/** Decodes a 32-byte key given as hex or base64; null when it is neither. */
export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  const b = Buffer.from(value, "base64");
  return b.length === 32 ? b : null;
}

let cached: Env | undefined;

/** Parses the environment (or the given record, for tests). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    throw new ConfigError(variable, issue.message);
  }
  const env = result.data;
  const embedded = env.DATABASE_URL === undefined;
  // A real deployment (production on an external database) must bring its own keys; the
  // embedded demo generates and keeps them in its data folder (lib/db/engine/secrets.ts).
  if (env.NODE_ENV === "production" && !embedded) {
    if (!env.SWITCHBOARD_ENCRYPTION_KEY)
      throw new ConfigError(
        "SWITCHBOARD_ENCRYPTION_KEY",
        "is required in production with DATABASE_URL (32 bytes, hex or base64: `openssl rand -hex 32`)",
      );
    if (!env.NEXTAUTH_SECRET)
      throw new ConfigError(
        "NEXTAUTH_SECRET",
        "is required in production with DATABASE_URL (`openssl rand -base64 32`)",
      );
  }
  if (env.SWITCHBOARD_METRICS_PUBLIC && env.SWITCHBOARD_METRICS_TOKEN !== undefined) {
    // Both set is a contradiction: refuse it rather than guess which one the operator meant.
    throw new ConfigError(
      "SWITCHBOARD_METRICS_PUBLIC",
      "cannot be true while SWITCHBOARD_METRICS_TOKEN is set (unset one of them)",
    );
  }
  // One without the other is a typo or a half-done secret mount: say which is missing.
  if (env.SWITCHBOARD_ADMIN_EMAIL !== undefined && env.SWITCHBOARD_ADMIN_PASSWORD === undefined)
    throw new ConfigError("SWITCHBOARD_ADMIN_PASSWORD", "is required with SWITCHBOARD_ADMIN_EMAIL");
  if (env.SWITCHBOARD_ADMIN_PASSWORD !== undefined && env.SWITCHBOARD_ADMIN_EMAIL === undefined)
    throw new ConfigError("SWITCHBOARD_ADMIN_EMAIL", "is required with SWITCHBOARD_ADMIN_PASSWORD");
  return {
    ...env,
    // The demo (and its well-known login) only where it is a local try-out, never by default on a
    // real Postgres.
    SWITCHBOARD_SEED: env.SWITCHBOARD_SEED ?? (embedded ? "demo" : "none"),
    dataDir: path.resolve(env.SWITCHBOARD_DATA_DIR),
    embedded,
  };
}

export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * The environment as `npm start` reads it: an unset NODE_ENV means production, so a server on an
 * external database must bring its own secrets (instances that generated their own could not read
 * each other's provider credentials or sessions). `NODE_ENV=development` keeps the convenience.
 */
export function parseStartEnv(source: Record<string, string | undefined>): Env {
  return parseEnv({ ...source, NODE_ENV: source.NODE_ENV || "production" });
}

/** `loadEnv` for `npm start` (see `parseStartEnv`). */
export function loadStartEnv(): Env {
  cached ??= parseStartEnv(process.env);
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
