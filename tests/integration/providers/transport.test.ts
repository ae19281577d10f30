// The upstream transport (lib/providers/transport/) against raw TCP servers: the retry rule for
// pooled sockets the server closed, abort and destroy, the body cap and header folding.
import net from "node:net";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { Cancellation } from "@/lib/cancel";
import { isProviderError } from "@/lib/providers/errors";
import {
  closeHttpPool,
  readBody,
  sendRequest,
  type SendRequestOptions,
} from "@/lib/providers/transport";
import { rejectionOf } from "./harness";

/** What the server does with the n-th request (1-based) of the c-th connection (1-based). */
type Behaviour = (request: number, connection: number, socket: net.Socket) => void;

interface RawServer {
  url: URL;
  connections: number;
  requests: number;
  close(): Promise<void>;
}

const servers: RawServer[] = [];

async function startServer(behaviour: Behaviour): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0, requests: 0 };
  const server = net.createServer((socket) => {
    const connection = ++state.connections;
    let requests = 0;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.on("data", (data) => {
      // One request per write from the client (small bodies): count request lines.
      for (const line of data.toString("latin1").split("\r\n")) {
        if (!line.startsWith("POST ")) continue;
        state.requests++;
        behaviour(++requests, connection, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const raw: RawServer = {
    url: new URL(`http://127.0.0.1:${port}/v1/x`),
    get connections() {
      return state.connections;
    },
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  servers.push(raw);
  return raw;
}

const answer = (socket: net.Socket, body = '{"ok":true}', extra = ""): void => {
  socket.write(
    `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`,
  );
};

function options(url: URL, extra: Partial<SendRequestOptions> = {}): SendRequestOptions {
  return {
    url,
    headers: { "content-type": "application/json" },
    body: "{}",
    connectTimeoutMs: 1000,
    timeoutMs: 2000,
    allowPrivate: true,
    secret: "sk-transport-secret",
    ...extra,
  };
}

async function post(url: URL, extra: Partial<SendRequestOptions> = {}): Promise<string> {
  const res = await sendRequest(options(url, extra));
  return readBody(res, "sk-transport-secret");
}

afterEach(async () => {
  closeHttpPool();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => closeHttpPool());

describe("pooled sockets the server closed", () => {
  test("a request on a reused socket the server closes is retried once, on a fresh socket", async () => {
    // Each connection answers its first request and drops the connection on the second.
    const server = await startServer((n, _c, socket) =>
      n === 1 ? answer(socket) : socket.destroy(),
    );
    expect(await post(server.url)).toBe('{"ok":true}');
    expect(await post(server.url)).toBe('{"ok":true}');
    expect(server.requests).toBe(3);
    expect(server.connections).toBe(2);
  });

  test("a fresh socket closed before the answer is not retried", async () => {
    const server = await startServer((_n, _c, socket) => socket.destroy());
    const err = await rejectionOf(post(server.url));
    expect(isProviderError(err) && err.errorClass).toBe("server_error");
    expect(server.requests).toBe(1);
  });

  test("only one retry: a retried request whose fresh socket closes fails", async () => {
    const server = await startServer((n, c, socket) =>
      n === 1 && c === 1 ? answer(socket) : socket.destroy(),
    );
    await post(server.url);
    const err = await rejectionOf(post(server.url));
    expect(isProviderError(err) && err.errorClass).toBe("server_error");
    expect(server.requests).toBe(3);
  });
});

describe("connect", () => {
  test("the connect timeout is on time and covers the TLS handshake", async () => {
    // Accepts the TCP connection and never answers the TLS hello.
    const server = await startServer(() => undefined);
    const url = new URL(server.url.href.replace("http:", "https:"));
    const started = performance.now();
    const err = await rejectionOf(post(url, { connectTimeoutMs: 100, timeoutMs: 5000 }));
    expect(isProviderError(err) && err.errorClass).toBe("connect");
    expect((err as Error).message).toBe("connect timeout after 100 ms");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("abort, destroy and deadline", () => {
  test("a Cancellation (function listeners) aborts a call waiting for headers, with its reason", async () => {
    const server = await startServer(() => undefined);
    const cancel = new Cancellation();
    const pending = sendRequest(options(server.url, { signal: cancel }));
    await new Promise((r) => setTimeout(r, 50));
    const reason = new DOMException("client went away", "AbortError");
    cancel.abort(reason);
    expect(await rejectionOf(pending)).toBe(reason);
  });

  test("an AbortSignal aborted before the call rejects at once and sends nothing", async () => {
    const server = await startServer((_n, _c, socket) => answer(socket));
    const controller = new AbortController();
    controller.abort();
    const err = await rejectionOf(sendRequest(options(server.url, { signal: controller.signal })));
    expect((err as Error).name).toBe("AbortError");
    expect(server.requests).toBe(0);
  });

  test("aborting while the body streams fails the reader; destroy keeps the first reason", async () => {
    const server = await startServer((_n, _c, socket) =>
      socket.write("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 100\r\n\r\nabc"),
    );
    const controller = new AbortController();
    const res = await sendRequest(options(server.url, { signal: controller.signal }));
    const reading = readBody(res, null);
    const reason = new DOMException("stop", "AbortError");
    controller.abort(reason);
    expect(await rejectionOf(reading)).toBe(reason);
    res.destroy(new Error("second"));
    res.destroy();
    expect(res.failure()).toBe(reason);
  });

  test("the deadline runs after the headers and can be re-armed", async () => {
    const server = await startServer((_n, _c, socket) =>
      socket.write("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 100\r\n\r\nabc"),
    );
    const res = await sendRequest(options(server.url, { timeoutMs: 5000 }));
    res.setDeadline(80);
    const err = await rejectionOf(readBody(res, null));
    expect(isProviderError(err) && err.errorClass).toBe("timeout");
    expect((err as Error).message).toBe("upstream stalled for 80 ms");
  });
});

describe("bodies and headers", () => {
  test("readBody refuses a body over 32 MiB", async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const server = await startServer((_n, _c, socket) => {
      socket.write(
        "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 40000000\r\n\r\n",
      );
      for (let i = 0; i < 38; i++) socket.write(chunk);
    });
    const err = await rejectionOf(post(server.url, { timeoutMs: 10_000 }));
    expect(isProviderError(err) && err.errorClass).toBe("server_error");
    expect((err as Error).message).toContain("too large");
  });

  test("a streamed body yields the bytes; repeated headers fold as node:http folds them", async () => {
    const server = await startServer((_n, _c, socket) =>
      answer(
        socket,
        "data: 1\n\n",
        "set-cookie: a=1\r\nset-cookie: b=2\r\nx-many: 1\r\nx-many: 2\r\ncontent-type: text/plain\r\n",
      ),
    );
    const res = await sendRequest(options(server.url));
    expect(res.status).toBe(200);
    expect(res.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(res.headers["x-many"]).toBe("1, 2");
    expect(res.headers["content-type"]).toBe("application/json");
    let text = "";
    for await (const buf of res.body) text += (buf as Buffer).toString("utf8");
    expect(text).toBe("data: 1\n\n");
  });

  test("readBody also reads a body whose stream was already opened", async () => {
    const server = await startServer((_n, _c, socket) => answer(socket));
    const res = await sendRequest(options(server.url));
    expect(res.body.readable).toBe(true);
    expect(await readBody(res, null)).toBe('{"ok":true}');
  });

  test("a socket error message never carries the credential", async () => {
    const err = await rejectionOf(
      post(new URL("http://127.0.0.1:1/v1/x"), { secret: "sk-transport-secret" }),
    );
    expect(isProviderError(err) && err.errorClass).toBe("connect");
    expect((err as Error).message).not.toContain("sk-transport-secret");
  });
});
