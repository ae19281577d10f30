// Test harness of the gateway: a real database (getTestDb), a real fake upstream over HTTP, and
// the gateway served on both transports (node fast path and the Web adapter bridged onto
// node:http), with rows of its own (unique slugs) per test file.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { createSwitchboardServer } from "@/lib/api/node-server";
import { createV1NodeHandler } from "@/lib/api/v1-node";
import { createV1WebHandler } from "@/lib/api/v1-web";
import { bumpConfigRevision } from "@/lib/db/config-revision";
import type { PrismaClient } from "@/lib/db/engine/client";
import {
  createGatewayServices,
  type GatewayServices,
  type GatewayServicesOptions,
} from "@/lib/gateway/gateway-state";
import { generateApiKey, hashApiKey } from "@/lib/keys";
import type { PolicyDocumentInput } from "@/lib/schemas/policy";
import { createDecisionWriter, type DecisionWriter } from "@/lib/telemetry/decision-writer";
import { startFakeUpstream, type FakeUpstream } from "@/tests/support/fake-upstream";
import { uniqueSuffix } from "@/tests/support/db";
import type { ModelTier } from "@/lib/vocabulary";

export type Transport = "node" | "web";
export const TRANSPORTS: readonly Transport[] = ["node", "web"];

export interface ModelSpec {
  name: string;
  tier?: ModelTier;
  input?: number;
  output?: number;
  capabilities?: string[];
}

export interface Harness {
  db: PrismaClient;
  fake: FakeUpstream;
  services: GatewayServices;
  writer: DecisionWriter;
  urls: Record<Transport, string>;
  suffix: string;
  tenantId: string;
  apiKey: string;
  apiKeyId: string;
  /** Slug of a model spec name (`${name}-${suffix}`). */
  model(name: string): string;
  route(name: string): string;
  createRoute(name: string, policy: PolicyDocumentInput, baseline?: string): Promise<string>;
  createKey(scopes?: string[]): Promise<{ key: string; id: string }>;
  close(): Promise<void>;
}

/** Bridges node:http onto the Web adapter, as Next's route handlers would call it. */
function startWebBridge(handler: (request: Request) => Promise<Response>): http.Server {
  return http.createServer((req, res) => {
    void (async () => {
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://localhost${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers,
        signal: controller.signal,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
      } as RequestInit);
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.flushHeaders();
      if (!response.body) return void res.end();
      const reader = response.body.getReader();
      controller.signal.addEventListener("abort", () => void reader.cancel().catch(() => {}));
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          res.write(value);
        }
        res.end();
      } catch {
        res.destroy();
      }
    })();
  });
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startHarness(
  db: PrismaClient,
  options: { models: ModelSpec[]; services?: Partial<GatewayServicesOptions> },
): Promise<Harness> {
  const suffix = uniqueSuffix();
  const fake = await startFakeUpstream();
  const tenant = await db.tenant.create({
    data: {
      slug: `t-${suffix}`,
      name: "Gateway test",
      modelAllowlist: [],
      allowDirectModels: true,
    },
  });
  const provider = await db.provider.create({
    data: {
      slug: `fake-${suffix}`,
      name: "Fake upstream",
      kind: "openai_compatible",
      baseUrl: `${fake.url}/v1`,
      allowPrivateNetwork: true,
      requestTimeoutMs: 2000,
      connectTimeoutMs: 1000,
    },
  });
  for (const m of options.models) {
    await db.model.create({
      data: {
        slug: `${m.name}-${suffix}`,
        providerId: provider.id,
        upstreamName: `${m.name}-${suffix}`,
        displayName: m.name,
        inputPricePerMTok: m.input ?? 1,
        outputPricePerMTok: m.output ?? 2,
        contextWindow: 128_000,
        maxOutputTokens: 4096,
        capabilities: m.capabilities ?? ["tools", "json", "json_schema", "streaming"],
        tier: m.tier ?? "small",
      },
    });
  }
  const writer = createDecisionWriter({ db, flushIntervalMs: 50 });
  const services = createGatewayServices({
    db,
    decisions: writer,
    pollMs: 100,
    keyTtlMs: { positive: 300, negative: 100 },
    tokenizer: false,
    random: () => 0.5,
    ...options.services,
  });
  const get = (): Promise<GatewayServices> => Promise.resolve(services);
  const nodeServer = createSwitchboardServer({
    fastPath: createV1NodeHandler(get),
    next: (_req, res) => void res.writeHead(404).end(),
  });
  const webServer = startWebBridge(createV1WebHandler(get));
  const urls = { node: await listen(nodeServer), web: await listen(webServer) };

  const createKey = async (scopes = ["chat", "models", "explain"]) => {
    const key = generateApiKey();
    const row = await db.apiKey.create({
      data: {
        tenantId: tenant.id,
        name: "test",
        hash: hashApiKey(key),
        prefix: key.slice(0, 10),
        scopes,
      },
    });
    return { key, id: row.id };
  };
  const first = await createKey();
  const h: Harness = {
    db,
    fake,
    services,
    writer,
    urls,
    suffix,
    tenantId: tenant.id,
    apiKey: first.key,
    apiKeyId: first.id,
    model: (name) => `${name}-${suffix}`,
    route: (name) => `${name}-${suffix}`,
    async createRoute(name, policy, baseline) {
      const slug = `${name}-${suffix}`;
      const baselineRow = baseline
        ? await db.model.findUnique({ where: { slug: `${baseline}-${suffix}` } })
        : null;
      const route = await db.route.create({
        data: { slug, baselineModelId: baselineRow?.id ?? null },
      });
      const version = await db.policyVersion.create({
        data: {
          routeId: route.id,
          version: 1,
          document: policy as object,
          publishedAt: new Date(),
        },
      });
      await db.route.update({ where: { id: route.id }, data: { activeVersionId: version.id } });
      await bumpConfigRevision(db, "routing");
      await services.config.reload();
      return slug;
    },
    createKey,
    async close() {
      await services.close();
      await writer.close();
      nodeServer.closeAllConnections();
      webServer.closeAllConnections();
      await new Promise((r) => nodeServer.close(r));
      await new Promise((r) => webServer.close(r));
      await fake.close();
    },
  };
  return h;
}

/** POSTs JSON to the gateway on one transport. */
export function postJson(
  h: Harness,
  transport: Transport,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${h.urls[transport]}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${h.apiKey}`,
      "content-type": "application/json",
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export const chatBody = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: "user", content: "Say hello." }],
  ...extra,
});

/** Flushes the writer and reads the (latest) decision of a request id (with attempts). */
export async function readDecision(h: Harness, requestId: string) {
  await h.writer.flush();
  return h.db.decision.findFirst({
    where: { requestId },
    orderBy: { createdAt: "desc" },
    include: { attempts: { orderBy: { position: "asc" } } },
  });
}
