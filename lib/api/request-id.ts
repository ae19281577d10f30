import { randomBytes } from "node:crypto";

// Request ids must be unique, not secret: a random per-process prefix plus a counter costs no
// entropy syscall per request (OpenSSL's RAND checks the pid on every call).
const PREFIX = `req_${randomBytes(9).toString("base64url")}`;
let counter = 0;

/** Accepts a well-formed client-supplied id (for tracing across hops), else makes one. */
export function resolveRequestId(incoming: string | null | undefined): string {
  if (incoming && /^[A-Za-z0-9._:-]{8,128}$/.test(incoming)) return incoming;
  counter = (counter + 1) % 0x7fffffff;
  return `${PREFIX}${counter.toString(36).padStart(6, "0")}`;
}
