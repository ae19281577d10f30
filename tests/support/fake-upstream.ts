import http, {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { planAnswer, type AnswerSpec, type FakeRequestBody } from "./fake-upstream-kit/answers";
import { parseFault, splitModelFault, type FaultSpec } from "./fake-upstream-kit/faults";
import { play } from "./fake-upstream-kit/play";
import { anthropicWire, openAiWire } from "./fake-upstream-kit/wire";

export type { AnswerSpec } from "./fake-upstream-kit/answers";
export { parseFault, type FaultSpec, type FaultMode } from "./fake-upstream-kit/faults";

/**
 * A fake LLM upstream for tests and benchmarks: a real node:http server on 127.0.0.1 speaking
 * OpenAI (`POST …/chat/completions`) and Anthropic (`POST …/v1/messages`), streaming and not.
 * Faults are chosen per request: header `x-fake-fault`, a model suffix `model@fault=…`, or a
 * runtime table `setFault(model, spec)` (what gateway tests use, since the gateway forwards
 * neither our header nor a client's model name). Answers are 0 ms by default and cheap to build.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The model without any `@fault=` suffix. */
  model: string;
  fault: FaultSpec | undefined;
}

export interface FakeUpstreamStats {
  requests: number;
  /** TCP connections accepted (keep-alive reuse shows as requests > connections). */
  connections: number;
  openConnections: number;
  completed: number;
  /** Responses the client closed before they finished (an aborted upstream call). */
  clientAborts: number;
  /** Sockets the fake destroyed on purpose (`cut-after`, `reset`). */
  serverCuts: number;
}

export interface FakeUpstreamOptions {
  /** Require this credential (Bearer, x-api-key or api-key); 401 otherwise. */
  apiKey?: string;
  answer?: AnswerSpec;
  /** Keep a log of requests (default true; turn off for benchmarks). */
  logRequests?: boolean;
  maxLoggedRequests?: number;
}

export interface FakeUpstream {
  /** e.g. "http://127.0.0.1:40123" (OpenAI base URL is `${url}/v1`, Anthropic's is `url`). */
  url: string;
  requests: RecordedRequest[];
  stats: FakeUpstreamStats;
  setFault(model: string, fault: FaultSpec | string | null): void;
  /**
   * A fault for requests whose body matches, whatever the model: a provider that fails on a
   * payload (e.g. too deeply nested) rather than being down. Null clears it.
   */
  setPayloadFault(match: ((body: unknown) => boolean) | null, fault?: FaultSpec | string): void;
  setAnswer(model: string, answer: AnswerSpec | null): void;
  setDefaultAnswer(answer: AnswerSpec): void;
  requireAuth(apiKey: string | null): void;
  /** Clears faults, answers, the log and the stats. */
  reset(): void;
  /** Resolves when `check(stats)` holds (polls every 5 ms), rejects after `timeoutMs`. */
  waitFor(check: (stats: FakeUpstreamStats) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function newStats(): FakeUpstreamStats {
  return {
    requests: 0,
    connections: 0,
    openConnections: 0,
    completed: 0,
    clientAborts: 0,
    serverCuts: 0,
  };
}

function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice(7);
  const k = headers["x-api-key"] ?? headers["api-key"];
  return Array.isArray(k) ? k[0] : k;
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const faults = new Map<string, FaultSpec>();
  const answers = new Map<string, AnswerSpec>();
  let defaultAnswer: AnswerSpec = options.answer ?? {};
  let payloadFault: { match: (body: unknown) => boolean; fault: FaultSpec } | null = null;
  let apiKey = options.apiKey ?? null;
  const log = options.logRequests ?? true;
  const maxLogged = options.maxLoggedRequests ?? 1000;

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const path = req.url ?? "/";
    const anthropic = path.endsWith("/messages");
    const wire = anthropic ? anthropicWire : openAiWire;
    let body: FakeRequestBody = {};
    try {
      body = raw === "" ? {} : (JSON.parse(raw) as FakeRequestBody);
    } catch {
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(wire.errorBody("invalid_request_error", "bad JSON"));
      return;
    }
    const split = splitModelFault(typeof body.model === "string" ? body.model : "");
    const header = req.headers["x-fake-fault"];
    const fault =
      (typeof header === "string" ? parseFault(header) : undefined) ??
      split.fault ??
      (payloadFault?.match(body) ? payloadFault.fault : undefined) ??
      faults.get(split.model);
    if (log) {
      if (upstream.requests.length >= maxLogged) upstream.requests.shift();
      upstream.requests.push({
        method: req.method ?? "",
        path,
        headers: req.headers,
        body,
        model: split.model,
        fault,
      });
    }
    if (apiKey !== null && presentedKey(req.headers) !== apiKey) {
      const presented = presentedKey(req.headers) ?? "";
      const message = `Incorrect API key provided: ${presented}`; // echoes it, as OpenAI does
      const code = anthropic ? "authentication_error" : "invalid_api_key";
      res.writeHead(401, { "content-type": "application/json" }).end(wire.errorBody(code, message));
      return;
    }
    let serverDestroyed = false;
    res.once("close", () => {
      if (res.writableFinished) upstream.stats.completed++;
      else if (serverDestroyed) upstream.stats.serverCuts++;
      else upstream.stats.clientAborts++;
    });
    play({
      req,
      res,
      wire,
      answer: planAnswer(body, answers.get(split.model) ?? defaultAnswer),
      model: split.model,
      stream: body.stream === true,
      streamUsage: anthropic || body.stream_options?.include_usage === true,
      fault,
      onServerDestroy: () => {
        serverDestroyed = true;
      },
    });
  };

  const server = http.createServer((req, res) => {
    upstream.stats.requests++;
    const path = req.url ?? "/";
    if (req.method === "GET" && path.endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" }).end('{"object":"list","data":[]}');
      return;
    }
    if (
      req.method !== "POST" ||
      !(path.includes("/chat/completions") || path.endsWith("/messages"))
    ) {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end('{"error":{"message":"not found"}}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  server.keepAliveTimeout = 5000;
  server.on("connection", (socket) => {
    upstream.stats.connections++;
    upstream.stats.openConnections++;
    socket.once("close", () => upstream.stats.openConnections--);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const upstream: FakeUpstream = {
    url: `http://127.0.0.1:${port}`,
    requests: [],
    stats: newStats(),
    setFault: (model, fault) => {
      if (fault === null) faults.delete(model);
      else faults.set(model, typeof fault === "string" ? parseFault(fault) : fault);
    },
    setPayloadFault: (match, fault = "status:500") => {
      payloadFault =
        match === null
          ? null
          : { match, fault: typeof fault === "string" ? parseFault(fault) : fault };
    },
    setAnswer: (model, answer) => {
      if (answer === null) answers.delete(model);
      else answers.set(model, answer);
    },
    setDefaultAnswer: (answer) => {
      defaultAnswer = answer;
    },
    requireAuth: (key) => {
      apiKey = key;
    },
    reset: () => {
      faults.clear();
      payloadFault = null;
      answers.clear();
      upstream.requests.length = 0;
      Object.assign(upstream.stats, newStats(), {
        openConnections: upstream.stats.openConnections,
      });
    },
    waitFor: async (check, timeoutMs = 2000) => {
      const until = Date.now() + timeoutMs;
      while (!check(upstream.stats)) {
        if (Date.now() > until)
          throw new Error(`fake upstream: condition not met in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return upstream;
}
