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
import { nowMs as clockNow } from "./clock";

const HEX_DIGITS = Buffer.from("0123456789abcdef", "latin1");
const BYTES_PER_ID = 10;
const pool = Buffer.alloc(BYTES_PER_ID * 256);
let offset = pool.length;
/** The id's characters are written here and read out as one flat string (no concatenation). */
const text = Buffer.from("00000000-0000-7000-8000-000000000000", "latin1");

/** Writes `count` hex digits of `value` (< 16^count) ending before `end`. */
function writeHex(value: number, end: number, count: number): void {
  let v = value;
  for (let i = 1; i <= count; i++) {
    text[end - i] = HEX_DIGITS[v & 0x0f]!;
    v >>>= 4;
  }
}

/** Writes one random byte as two hex digits at `at`. */
function writeByte(byte: number, at: number): void {
  text[at] = HEX_DIGITS[byte >>> 4]!;
  text[at + 1] = HEX_DIGITS[byte & 0x0f]!;
}

/** A UUIDv7 for the given Unix time in milliseconds (default: now). */
export function uuidv7(nowMs: number = clockNow()): string {
  if (offset + BYTES_PER_ID > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const o = offset;
  offset += BYTES_PER_ID;
  const b = pool;
  // 48 bits of milliseconds: the high 32 as characters 0..7, the low 16 as characters 9..12.
  const ms = Math.max(0, Math.floor(nowMs)) % 2 ** 48;
  writeHex(Math.floor(ms / 2 ** 16), 8, 8);
  writeHex(ms % 2 ** 16, 13, 4);
  text[15] = HEX_DIGITS[b[o]! & 0x0f]!;
  writeByte(b[o + 1]!, 16);
  writeByte((b[o + 2]! & 0x3f) | 0x80, 19);
  writeByte(b[o + 3]!, 21);
  for (let i = 0; i < 6; i++) writeByte(b[o + 4 + i]!, 24 + 2 * i);
  return text.toString("latin1");
}

/** The Unix milliseconds a UUIDv7 was made at (null for any other string). */
export function uuidv7Time(id: string): number | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id))
    return null;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Any UUID (any version): ids from a URL or a cursor are checked before they reach a query, so a
 * malformed one is "not found" rather than a database error on the `uuid` column.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
