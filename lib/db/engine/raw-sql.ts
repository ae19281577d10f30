/**
 * Plain SQL on the driver under a Prisma client, for the gateway's background work: decision
 * batches (one large jsonb parameter: Prisma's raw-query path costs ~30 µs of CPU per decision
 * record there, it re-encodes every parameter), budget leases and settlements, the config
 * revision poll and key touches (Prisma's client runtime was ~6% of the fast path's CPU for
 * those alone). Only fixed SQL text with positional parameters goes through here; everything
 * else stays on Prisma. The two drivers type results differently (int8: a string from pg, a
 * number or bigint from PGlite; numeric: a string from both; timestamptz: a Date from both):
 * read columns through `sqlInt`, `sqlBigInt` and `sqlDate` below, never by hand.
 */
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { processSingleton } from "../../process-registry";
import type { PrismaClient } from "../generated/client";

/** One statement inside a transaction: `$1…$n` parameters, rows as plain objects. */
export type SqlQuery = <Row = Record<string, unknown>>(
  text: string,
  params?: readonly unknown[],
) => Promise<Row[]>;

/**
 * Bulk-loads rows inside a transaction: `COPY <target> FROM STDIN` with `data` in COPY text format
 * (`target` is a table and its column list, fixed text, never user input).
 */
export type SqlCopyIn = (target: string, data: Buffer) => Promise<void>;

type Driver = { kind: "postgres"; pool: pg.Pool } | { kind: "pglite"; pglite: PGlite };

/** Process-wide (globalThis): Next's bundle and the server share clients made by either copy. */
function drivers(): WeakMap<PrismaClient, Driver> {
  return processSingleton("db-raw-drivers", () => new WeakMap<PrismaClient, Driver>());
}

/** Called by `lib/db/engine/client.ts` for every client it creates. */
export function registerDriver(prisma: PrismaClient, driver: Driver): void {
  drivers().set(prisma, driver);
}

function driverOf(prisma: PrismaClient, caller: string): Driver {
  const driver = drivers().get(prisma);
  if (!driver) throw new Error(`${caller}: this Prisma client has no registered driver`);
  return driver;
}

/**
 * Runs one statement outside any transaction (autocommit), on the client's driver. Throws for a
 * client that `lib/db/engine/client.ts` did not create.
 */
export async function sqlQuery<Row = Record<string, unknown>>(
  prisma: PrismaClient,
  text: string,
  params?: readonly unknown[],
): Promise<Row[]> {
  const driver = driverOf(prisma, "sqlQuery");
  const values = params ? [...params] : undefined;
  if (driver.kind === "pglite") return (await driver.pglite.query<Row>(text, values)).rows;
  return (await driver.pool.query(text, values)).rows as Row[];
}

/** An integer column (int4, int8, or a numeric holding an integer) as a number. */
export function sqlInt(value: unknown): number {
  const n = typeof value === "number" ? value : sqlNumeric(value, "sqlInt");
  if (!Number.isSafeInteger(n))
    throw new TypeError(`sqlInt: ${String(value)} is not a safe integer`);
  return n;
}

/** An int8 column as a bigint (exact at any size). */
export function sqlBigInt(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`sqlBigInt: ${String(value)} is not an integer`);
}

/** A timestamptz column as a Date (both drivers parse it already; this checks it). */
export function sqlDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number") {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new TypeError(`sqlDate: ${String(value)} is not a timestamp`);
}

/** `COPY … FROM STDIN` on a pooled client; resolves once the server has taken every row. */
function copyInto(client: pg.PoolClient, target: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
    stream.on("error", reject);
    // 'finish' waits for the server's CommandComplete (pg-copy-streams delays it until then).
    stream.on("finish", resolve);
    stream.end(data);
  });
}

function sqlNumeric(value: unknown, caller: string): number {
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  throw new TypeError(`${caller}: ${String(value)} is not a number`);
}

/**
 * Runs `fn` in one transaction on the client's driver (BEGIN … COMMIT, ROLLBACK on any error).
 * Throws for a client that `lib/db/engine/client.ts` did not create.
 */
export async function sqlTransaction<T>(
  prisma: PrismaClient,
  fn: (query: SqlQuery, copyIn: SqlCopyIn) => Promise<T>,
): Promise<T> {
  const driver = driverOf(prisma, "sqlTransaction");
  if (driver.kind === "pglite") {
    return driver.pglite.transaction((tx: Transaction) =>
      fn(
        async <Row>(text: string, params?: readonly unknown[]) => {
          const result = await tx.query<Row>(text, params ? [...params] : undefined);
          return result.rows;
        },
        // PGlite reads COPY data from a Blob through its virtual /dev/blob file.
        async (target, data) => {
          await tx.query(`COPY ${target} FROM '/dev/blob'`, [], {
            blob: new Blob([new Uint8Array(data)]),
          });
        },
      ),
    );
  }
  const client = await driver.pool.connect();
  let broken: unknown;
  try {
    // A background batch must not hang on a stuck lock forever (Prisma's path had a 30 s timeout).
    await client.query("BEGIN; SET LOCAL statement_timeout = 30000");
    const value = await fn(
      async <Row>(text: string, params?: readonly unknown[]) => {
        const result = await client.query(text, params ? [...params] : undefined);
        return result.rows as Row[];
      },
      (target, data) => copyInto(client, target, data),
    );
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
