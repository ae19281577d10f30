// Limits of the node:http fast path against unauthenticated and slow clients: the key is checked
// from the headers before any body byte is read, open connections and body bytes in flight are
// capped (per process and per key), a slow body is cut by the request timeout, and a refusal
// sent while the client is still writing reaches it (lingering close instead of a reset).
import { spawn } from "node:child_process";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSwitchboardServer } from "@/lib/api/node-server";
import { createBodyAdmission, type BodyAdmission } from "@/lib/api/v1-admission";
import { createV1NodeHandler } from "@/lib/api/v1-node";
import { closeTestDb, getTestDb } from "@/tests/support/db";
import { chatBody, startHarness, type Harness } from "./harness";

afterAll(closeTestDb);
let h: Harness;

beforeAll(async () => {
  h = await startHarness(await getTestDb(), { models: [{ name: "cheap" }] });
}, 120_000);
afterAll(() => h?.close());

interface Limited {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function startLimited(options: {
  maxConnections?: number;
  requestTimeoutMs?: number;
  admission?: BodyAdmission;
}): Promise<Limited> {
  const admission =
    options.admission ??
    createBodyAdmission({
      maxBytesInFlight: 256 * 1024 * 1024,
      maxBytesInFlightPerKey: 64 * 1024 * 1024,
    });
  const server = createSwitchboardServer({
    fastPath: createV1NodeHandler(() => Promise.resolve(h.services), admission),
    next: (_req, res) => void res.writeHead(404).end(),
    limits: {
      maxConnections: options.maxConnections ?? 4_096,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A raw connection that sends `head` (and `body`), collecting whatever the server answers. */
interface Raw {
  socket: net.Socket;
  /** Everything received, once the server closed the connection. */
  closed: Promise<string>;
  /** Resolves with what was received once it contains a complete status line. */
  status: Promise<number>;
}

function openRaw(port: number, head: string, body = ""): Raw {
  const socket = net.connect(port, "127.0.0.1");
  socket.on("error", () => {});
  let received = "";
  let onStatus: (code: number) => void = () => {};
  const status = new Promise<number>((resolve) => (onStatus = resolve));
  socket.on("data", (d: Buffer) => {
    received += d.toString("latin1");
    const m = /^HTTP\/1\.1 (\d{3})/.exec(received);
    if (m) onStatus(Number(m[1]));
  });
  const closed = new Promise<string>((resolve) => socket.once("close", () => resolve(received)));
  socket.write(head + body);
  return { socket, closed, status };
}

function chatHead(options: { key?: string; length: number }): string {
  return (
    "POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n" +
    (options.key ? `authorization: Bearer ${options.key}\r\n` : "") +
    `content-length: ${options.length}\r\n\r\n`
  );
}

async function getModels(url: string): Promise<number> {
  const res = await fetch(`${url}/v1/models`, {
    headers: { authorization: `Bearer ${h.apiKey}` },
  });
  await res.arrayBuffer();
  return res.status;
}

describe("authentication before the body", () => {
  it("answers a keyless request 401 from its headers, without waiting for its 4 MB body", async () => {
    const server = await startLimited({});
    try {
      // Headers announce 4 MB; only a few bytes follow. The answer must not wait for the rest.
      const raw = openRaw(server.port, chatHead({ length: 4 * 1024 * 1024 - 1 }), '{"mo');
      expect(await raw.status).toBe(401);
      const text = await raw.closed;
      expect(text.toLowerCase()).toContain("connection: close");
      expect(text).toContain('"code":"invalid_api_key"');
    } finally {
      await server.close();
    }
  });

  it("keeps serving keyed clients while 300 keyless connections trickle bodies", async () => {
    const server = await startLimited({});
    try {
      const raws = Array.from({ length: 300 }, () =>
        openRaw(server.port, chatHead({ length: 4 * 1024 * 1024 - 1 }), "{"),
      );
      const trickle = setInterval(() => {
        for (const r of raws) if (!r.socket.destroyed) r.socket.write(" ");
      }, 50);
      try {
        expect(await getModels(server.url)).toBe(200);
        const statuses = await Promise.all(raws.map((r) => r.status));
        expect(new Set(statuses)).toEqual(new Set([401]));
        // Each is closed by the server after its answer (lingering ends when the bound is hit or
        // the client stops), never kept open with its body accumulating.
        for (const r of raws) r.socket.end();
        await Promise.all(raws.map((r) => r.closed));
        expect(await getModels(server.url)).toBe(200);
      } finally {
        clearInterval(trickle);
      }
    } finally {
      await server.close();
    }
  });
});

describe("connection cap and request timeout", () => {
  it("refuses connections beyond the cap and cuts slow bodies with 408 after the timeout", async () => {
    const server = await startLimited({ maxConnections: 20, requestTimeoutMs: 1_000 });
    try {
      const body = JSON.stringify(chatBody(h.model("cheap")));
      // 20 keyed requests that send half their body and then nothing.
      const slow = Array.from({ length: 20 }, () =>
        openRaw(
          server.port,
          chatHead({ key: h.apiKey, length: body.length }),
          body.slice(0, body.length >> 1),
        ),
      );
      await Promise.all(slow.map((r) => new Promise((ok) => r.socket.once("connect", ok))));
      // The 21st connection is accepted by the kernel and closed at once, unanswered.
      const extra = openRaw(server.port, "GET /v1/models HTTP/1.1\r\nhost: x\r\n\r\n");
      expect(await extra.closed).toBe("");
      // The slow ones get 408 (Node's request timeout) and are closed.
      const answers = await Promise.all(slow.map((r) => r.closed));
      for (const a of answers) expect(a).toMatch(/^HTTP\/1\.1 408/);
      // Room again.
      expect(await getModels(server.url)).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe("body bytes in flight", () => {
  it("refuses a key over its cap with 429 and the process over its cap with 503", async () => {
    const admission = createBodyAdmission({
      maxBytesInFlight: 150_000,
      maxBytesInFlightPerKey: 100_000,
    });
    const server = await startLimited({ admission });
    const inFlight = async (bytes: number): Promise<void> => {
      while (admission.bytesInFlight() !== bytes) await new Promise((r) => setTimeout(r, 5));
    };
    const other = await h.createKey();
    const third = await h.createKey();
    try {
      const padded = JSON.stringify({
        model: h.model("cheap"),
        messages: [{ role: "user", content: "Say hello. ".repeat(6_000) }],
      });
      const head = (key: string): string => chatHead({ key, length: padded.length });
      // A: ~66 kB reserved for the first key; it sends only its first bytes for now.
      const a = openRaw(server.port, head(h.apiKey), padded.slice(0, 100));
      await inFlight(padded.length);
      // B: the same key would hold ~132 kB > 100 kB.
      const b = openRaw(server.port, head(h.apiKey), padded.slice(0, 100));
      expect(await b.status).toBe(429);
      const bText = await b.closed;
      expect(bText.toLowerCase()).toContain("retry-after: 1");
      expect(bText).toContain('"type":"rate_limit_error"');
      // C: another key fits the process cap (~132 kB of 150 kB).
      const c = openRaw(server.port, head(other.key), padded.slice(0, 100));
      // D: a third key would take the process to ~198 kB.
      await inFlight(2 * padded.length);
      const d = openRaw(server.port, head(third.key), padded.slice(0, 100));
      expect(await d.status).toBe(503);
      expect((await d.closed).toLowerCase()).toContain("retry-after: 1");
      // A and C complete normally once their bodies arrive; then the key has room again.
      a.socket.write(padded.slice(100));
      c.socket.write(padded.slice(100));
      expect(await a.status).toBe(200);
      expect(await c.status).toBe(200);
      a.socket.end();
      c.socket.end();
      await inFlight(0);
      const again = openRaw(server.port, head(h.apiKey), padded);
      expect(await again.status).toBe(200);
      again.socket.end();
    } finally {
      await server.close();
    }
  });
});

/**
 * Uploads from another process (as real clients are: in one process the server's close and the
 * client's read share an event loop, which hides the race): `tries` POSTs of `mb` MB, `parallel`
 * at a time, with Node's fetch (a declared length) or node:http (chunked). Prints the outcomes.
 */
const UPLOAD_CLIENT = `
const [url, key, mb, tries, parallel, mode] = process.argv.slice(1);
const http = await import("node:http");
const big = Buffer.alloc(Number(mb) * 1024 * 1024, 0x20);
const headers = { authorization: "Bearer " + key, "content-type": "application/json" };
const viaFetch = () =>
  fetch(url, { method: "POST", headers, body: big }).then(
    async (r) => r.status + ":" + (await r.json()).error.code,
    (e) => "failed:" + (e.cause?.code ?? e.message),
  );
const chunked = () =>
  new Promise((resolve) => {
    const req = http.request(url, { method: "POST", headers });
    req.on("response", (res) => {
      const parts = [];
      res.on("data", (d) => parts.push(d));
      res.on("end", () => resolve(res.statusCode + ":" + JSON.parse(Buffer.concat(parts)).error.code));
    });
    req.on("error", (e) => resolve("failed:" + e.code));
    const piece = big.subarray(0, 256 * 1024);
    let sent = 0;
    const pump = () => {
      while (sent < big.length) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
const outcomes = [];
for (let done = 0; done < Number(tries); done += Number(parallel)) {
  const batch = Array.from({ length: Number(parallel) }, mode === "fetch" ? viaFetch : chunked);
  outcomes.push(...(await Promise.all(batch)));
}
console.log(JSON.stringify(outcomes));
`;

function uploadFromAnotherProcess(args: {
  url: string;
  mb: number;
  tries: number;
  parallel: number;
  mode: "fetch" | "chunked";
}): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        UPLOAD_CLIENT,
        `${args.url}/v1/chat/completions`,
        h.apiKey,
        String(args.mb),
        String(args.tries),
        String(args.parallel),
        args.mode,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => {
      if (code === 0) resolve(JSON.parse(out) as string[]);
      else reject(new Error(`upload client exited with ${code}: ${out}`));
    });
  });
}

describe("413 to a client still writing", () => {
  const expected = (n: number): string[] =>
    Array.from({ length: n }, () => "413:payload_too_large");

  it("reaches Node's fetch sending a declared 6 MB body, 40 of 40 times", async () => {
    const server = await startLimited({});
    try {
      const outcomes = await uploadFromAnotherProcess({
        url: server.url,
        mb: 6,
        tries: 40,
        parallel: 10,
        mode: "fetch",
      });
      expect(outcomes).toEqual(expected(40));
    } finally {
      await server.close();
    }
  }, 60_000);

  it("reaches a client streaming a chunked body past 4 MB, 20 of 20 times", async () => {
    const server = await startLimited({});
    try {
      const outcomes = await uploadFromAnotherProcess({
        url: server.url,
        mb: 8,
        tries: 20,
        parallel: 5,
        mode: "chunked",
      });
      expect(outcomes).toEqual(expected(20));
    } finally {
      await server.close();
    }
  }, 60_000);
});
