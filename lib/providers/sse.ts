import { StringDecoder } from "node:string_decoder";

/** One server-sent event; `comment` events are keep-alives (`: ping` lines). */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * An incremental SSE parser: feed it raw byte chunks split anywhere (inside a line, a CRLF or a
 * multi-byte character) and it returns the complete events so far. Comment lines count as
 * keep-alives. Cheap: one string scan per chunk, no regex on the hot path.
 */
export class SseParser {
  private readonly decoder = new StringDecoder("utf8");
  private buffer = "";
  private event = "";
  private data: string[] = [];
  private pendingCr = false;
  /** Number of comment lines seen since the last call (keep-alives). */
  comments = 0;

  push(chunk: Buffer | string): SseEvent[] {
    let text = typeof chunk === "string" ? chunk : this.decoder.write(chunk);
    if (this.pendingCr) {
      if (text.startsWith("\n")) text = text.slice(1);
      this.pendingCr = false;
    }
    if (text.includes("\r")) {
      if (text.endsWith("\r")) {
        this.pendingCr = true;
        text = text.slice(0, -1) + "\n";
      }
      text = text.replace(/\r\n?/g, "\n");
    }
    const buffer = this.buffer + text;
    const out: SseEvent[] = [];
    let start = 0;
    let nl = buffer.indexOf("\n", start);
    while (nl !== -1) {
      this.takeLine(buffer.slice(start, nl), out);
      start = nl + 1;
      nl = buffer.indexOf("\n", start);
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    return out;
  }

  /** Flushes a final event not followed by a blank line (a server that ends abruptly). */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.buffer !== "") this.takeLine(this.buffer, out);
    this.buffer = "";
    this.takeLine("", out);
    return out;
  }

  private takeLine(line: string, out: SseEvent[]): void {
    if (line === "") {
      if (this.data.length > 0) {
        out.push({ event: this.event || "message", data: this.data.join("\n") });
      }
      this.event = "";
      this.data = [];
      return;
    }
    const first = line.charCodeAt(0);
    if (first === 58 /* ':' */) {
      this.comments++;
      return;
    }
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
  }
}
