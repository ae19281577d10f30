/**
 * Plain SQL on the driver under a Prisma client, for the background writers whose batches carry
 * one large jsonb parameter: Prisma's raw-query path costs ~30 µs of CPU per decision record
 * there (it re-encodes every parameter), the driver a fraction of that. Only fixed SQL text with
 * positional parameters goes through here; everything else stays on Prisma.
 */
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";
import { processSingleton } from "../process-registry";
import type { PrismaClient } from "./generated/client";

/** One statement inside a transaction: `$1…$n` parameters, rows as plain objects. */
export type SqlQuery = <Row = Record<string, unknown>>(
  text: string,
  params?: readonly unknown[],
) => Promise<Row[]>;

type Driver = { kind: "postgres"; pool: pg.Pool } | { kind: "pglite"; pglite: PGlite };

/** Process-wide (globalThis): Next's bundle and the server share clients made by either copy. */
function drivers(): WeakMap<PrismaClient, Driver> {
  return processSingleton("db-raw-drivers", () => new WeakMap<PrismaClient, Driver>());
}

/** Called by `lib/db/client.ts` for every client it creates. */
export function registerDriver(prisma: PrismaClient, driver: Driver): void {
  drivers().set(prisma, driver);
}

/**
 * Runs `fn` in one transaction on the client's driver (BEGIN … COMMIT, ROLLBACK on any error).
 * Throws for a client that `lib/db/client.ts` did not create.
 */
export async function sqlTransaction<T>(
  prisma: PrismaClient,
  fn: (query: SqlQuery) => Promise<T>,
): Promise<T> {
  const driver = drivers().get(prisma);
  if (!driver) throw new Error("sqlTransaction: this Prisma client has no registered driver");
  if (driver.kind === "pglite") {
    return driver.pglite.transaction((tx: Transaction) =>
      fn(async <Row>(text: string, params?: readonly unknown[]) => {
        const result = await tx.query<Row>(text, params ? [...params] : undefined);
        return result.rows;
      }),
    );
  }
  const client = await driver.pool.connect();
  let broken: unknown;
  try {
    // A background batch must not hang on a stuck lock forever (Prisma's path had a 30 s timeout).
    await client.query("BEGIN; SET LOCAL statement_timeout = 30000");
    const value = await fn(async <Row>(text: string, params?: readonly unknown[]) => {
      const result = await client.query(text, params ? [...params] : undefined);
      return result.rows as Row[];
    });
    await client.query("COMMIT");
    return value;
  } catch (error) {
    await client.query("ROLLBACK").catch((e: unknown) => {
      broken = e;
    });
    throw error;
  } finally {
    // A connection that could not even roll back is not returned to the pool.
    client.release(broken instanceof Error ? broken : undefined);
  }
}
