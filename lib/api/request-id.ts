import { randomBytes } from "node:crypto";

/** Accepts a well-formed client-supplied id (for tracing across hops), else makes one. */
export function resolveRequestId(incoming: string | null | undefined): string {
  if (incoming && /^[A-Za-z0-9._:-]{8,128}$/.test(incoming)) return incoming;
  return `req_${randomBytes(12).toString("base64url")}`;
}
