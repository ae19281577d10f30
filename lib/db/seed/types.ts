import type { SeededApiKey, SeededLogin } from "./write-people";

export type { SeededApiKey, SeededLogin } from "./write-people";

/** The named scenarios; each is reusable by dev, e2e tests and bug reports. */
export const SEED_SCENARIOS = ["demo", "budget-exhausted", "provider-outage"] as const;
export type SeedScenarioName = (typeof SEED_SCENARIOS)[number];

export interface SeedOptions {
  /** Prefix for every unique name the scenario writes (tests sharing a database). Default none. */
  namespace?: string;
  /**
   * Seed of the generated history and of the API keys. Without it keys are random and the
   * history uses a fixed default seed (history is always reproducible; keys only on request).
   */
  seed?: string;
  /** Days of demo history (default 14; 0 = none). */
  historyDays?: number;
  /** Demo decisions per day (default 7,500: 105,000 over 14 days). */
  decisionsPerDay?: number;
  /** Decisions per insert statement (default 4,000). */
  batchSize?: number;
  /** "Now" of the scenario (default: the current time). */
  now?: Date;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface SeedResult {
  scenario: SeedScenarioName;
  namespace: string;
  /** Operator logins the scenario ensured (the demo password is printed on purpose). */
  operators: SeededLogin[];
  /** API keys created by this run, in plaintext (shown once; only hashes are stored). */
  apiKeys: SeededApiKey[];
  /** Rows created, by kind. */
  counts: Record<string, number>;
  /** Milliseconds per phase. */
  timings: Record<string, number>;
  /** What the scenario set up, for the summary. */
  notes: string[];
}

/** The scenario refuses to run on top of itself (e.g. `demo` twice into one database). */
export class SeedConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SeedConflictError";
  }
}
