/**
 * Where JSON text stops parsing, as line and column. `JSON.parse`'s messages differ per engine and
 * often carry no position at all (V8: `Unexpected token '}', "…" is not valid JSON`), so the
 * editor scans the text itself to mark the line. A strict RFC 8259 scanner; it builds no values.
 */

/** The first syntax error of a JSON text. Line and column count from 1. */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  message: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const LITERALS = ["true", "false", "null"];
/** Deeper nesting is refused rather than risking the stack (a policy nests a few levels). */
const MAX_DEPTH = 500;

function describe(ch: string | undefined): string {
  if (ch === undefined) return "the end of the text";
  return ch === "\n" ? "a line break" : `'${ch}'`;
}

function scan(text: string): void {
  let i = 0;
  let depth = 0;
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i] ?? "")) i++;
  };
  const fail = (expected: string): never => {
    throw new Stop(i, `expected ${expected}, found ${describe(text[i])}`);
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      const ch = text[i];
      if (ch === undefined) throw new Stop(i, "unterminated string");
      if (ch === '"') return void i++;
      if (ch === "\n" || ch.charCodeAt(0) < 0x20)
        throw new Stop(i, "line break or control character inside a string");
      if (ch === "\\") {
        const next = text[i + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            throw new Stop(i, "\\u needs four hex digits");
          i += 6;
        } else if (next !== undefined && ESCAPES.has(next)) i += 2;
        else throw new Stop(i, `invalid escape ${describe(next)}`);
      } else i++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === "-") fail("a value");
    i += match?.[0].length ?? 0;
  };
  const nested = (open: () => void) => {
    if (++depth > MAX_DEPTH) throw new Stop(i, `nested more than ${MAX_DEPTH} levels deep`);
    open();
    depth--;
  };
  const value = (): void => {
    skip();
    const ch = text[i];
    if (ch === "{") return nested(object);
    if (ch === "[") return nested(array);
    if (ch === '"') return string();
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) return number();
    const literal = LITERALS.find((l) => text.startsWith(l, i));
    if (literal) return void (i += literal.length);
    fail("a value");
  };
  const object = () => {
    i++;
    skip();
    if (text[i] === "}") return void i++;
    for (;;) {
      skip();
      if (text[i] !== '"') fail("a property name in double quotes");
      string();
      skip();
      if (text[i] !== ":") fail("':' after the property name");
      i++;
      value();
      skip();
      if (text[i] === ",") i++;
      else if (text[i] === "}") return void i++;
      else fail("',' or '}' after the property value");
    }
  };
  const array = () => {
    i++;
    skip();
    if (text[i] === "]") return void i++;
    for (;;) {
      value();
      skip();
      if (text[i] === ",") i++;
      else if (text[i] === "]") return void i++;
      else fail("',' or ']' after the element");
    }
  };
  value();
  skip();
  if (i < text.length) fail("the end of the text");
}

/** Line and column (from 1) of an offset in the text. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/** The first syntax error of `text`, or null when it is valid JSON. */
export function findJsonError(text: string): JsonSyntaxError | null {
  try {
    scan(text);
    return null;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { offset: error.offset, ...positionAt(text, error.offset), message: error.message };
  }
}
