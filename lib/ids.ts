/**
 * Time-ordered ids (UUID version 7, RFC 9562) for the decision log's rows. A random (v4) key lands
 * on a random leaf of every B-tree it is indexed in, so each insert dirties a different page and,
 * after a checkpoint, writes that page whole into the WAL again; a v7 key starts with its
 * millisecond timestamp, so a batch of new decisions (and their attempts and budget settlements,
 * which are keyed by the decision id) lands on the rightmost pages. The id still looks like any
 * UUID to clients and to Postgres's `uuid` type; it reveals the creation millisecond, which the
 * decision record carries anyway.
 *
 * Layout: 48 bits of Unix milliseconds, version 7, 12 random bits, variant 10, 62 random bits.
 * Entropy is read in blocks (as Node's `randomUUID` does), not one `randomBytes` call per id.
 */
import { randomFillSync } from "node:crypto";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const BYTES_PER_ID = 10;
const pool = Buffer.alloc(BYTES_PER_ID * 256);
let offset = pool.length;

/** A UUIDv7 for the given Unix time in milliseconds (default: now). */
export function uuidv7(nowMs: number = Date.now()): string {
  if (offset + BYTES_PER_ID > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const o = offset;
  offset += BYTES_PER_ID;
  const b = pool;
  const time = Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, "0").slice(-12);
  return (
    time.slice(0, 8) +
    "-" +
    time.slice(8) +
    "-7" +
    HEX[b[o]! & 0x0f]!.charAt(1) +
    HEX[b[o + 1]!]! +
    "-" +
    HEX[(b[o + 2]! & 0x3f) | 0x80]! +
    HEX[b[o + 3]!]! +
    "-" +
    HEX[b[o + 4]!]! +
    HEX[b[o + 5]!]! +
    HEX[b[o + 6]!]! +
    HEX[b[o + 7]!]! +
    HEX[b[o + 8]!]! +
    HEX[b[o + 9]!]!
  );
}

/** The Unix milliseconds a UUIDv7 was made at (null for any other string). */
export function uuidv7Time(id: string): number | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id))
    return null;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
