/**
 * Whether an error means the database cannot be reached (as opposed to a bad query): the console
 * API answers these with 503 and a clear message instead of a generic 500.
 */

// Prisma's codes for an unreachable server, a connect timeout, a closed connection, pool timeout.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// Driver adapter error kinds (@prisma/driver-adapter-utils) that mean the same.
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
]);
// Socket errors of the `pg` driver, and SQLSTATEs: class 08 (connection exception), admin or
// crash shutdown, "cannot connect now" (starting up / recovery), too many connections.
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const MESSAGES = [
  /Connection terminated/i,
  /Can't reach database server/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Connection closed/i,
  /server closed the connection unexpectedly/i,
];

function isCode(code: unknown): boolean {
  if (typeof code !== "string") return false;
  return (
    PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08/.test(code)
  );
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== "object" || depth > 4) return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: {
      code?: unknown;
      driverAdapterError?: { cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } };
    };
  };
  const adapter = e.meta?.driverAdapterError?.cause;
  if (typeof adapter?.kind === "string" && ADAPTER_KINDS.has(adapter.kind)) return true;
  if (adapter?.kind === "postgres" && (isCode(adapter.code) || isCode(adapter.originalCode)))
    return true;
  if (isCode(e.code)) return true;
  if (typeof e.message === "string" && MESSAGES.some((m) => m.test(e.message as string)))
    return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
