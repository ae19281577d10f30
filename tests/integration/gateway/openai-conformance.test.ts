// Every answer of the gateway checked against OpenAI's own published schemas (vendored in
// tests/support/openai-schemas), for each provider kind (OpenAI-compatible and Anthropic against
// the fake upstream, the built-in simulator), as JSON and as SSE, on both transports: today's
// request shapes answer 200 with valid bodies, `n: 2` answers two choices with both costed, and
// every error is OpenAI's error object.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bumpConfigRevision } from "@/lib/db/config-revision";
import { hashApiKey } from "@/lib/keys";
import { closeTestDb, getTestDb } from "@/tests/support/db";
import { schemaErrors, type SchemaName } from "@/tests/support/openai-schemas/validate";
import {
  chatBody,
  postJson,
  readDecision,
  startHarness,
  TRANSPORTS,
  type Harness,
} from "./harness";

afterAll(closeTestDb);
let h: Harness;

const CAPABILITIES = ["tools", "json", "json_schema", "streaming", "vision"];

beforeAll(async () => {
  h = await startHarness(await getTestDb(), {
    models: [{ name: "oai", capabilities: CAPABILITIES }],
  });
  const anthropic = await h.db.provider.create({
    data: {
      slug: `anthropic-${h.suffix}`,
      name: "Fake Anthropic",
      kind: "anthropic",
      baseUrl: h.fake.url,
      allowPrivateNetwork: true,
      requestTimeoutMs: 2000,
      connectTimeoutMs: 1000,
    },
  });
  const simulator = await h.db.provider.create({
    data: {
      slug: `sim-${h.suffix}`,
      name: "Simulator",
      kind: "simulator",
      settings: { seed: 3, quality: 1, outputTokens: [8, 16] },
    },
  });
  for (const [name, providerId] of [
    ["claude", anthropic.id],
    ["sim", simulator.id],
  ] as const) {
    await h.db.model.create({
      data: {
        slug: h.model(name),
        providerId,
        upstreamName: h.model(name),
        displayName: name,
        inputPricePerMTok: 1,
        outputPricePerMTok: 2,
        contextWindow: 128_000,
        maxOutputTokens: 4096,
        capabilities: CAPABILITIES,
        tier: "small",
      },
    });
  }
  await bumpConfigRevision(h.db, "routing");
  await h.services.config.reload();
  await h.createRoute("cascade", {
    schemaVersion: 1,
    rules: [],
    default: {
      strategy: "cascade",
      stages: [
        { model: h.model("sim"), gates: { minLength: 10 } },
        { model: h.model("oai"), gates: { nonEmpty: true } },
      ],
    },
  });
  await h.createRoute("mixed", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("claude"), fallbacks: [h.model("oai")] },
  });
});
afterAll(() => h?.close());

const KINDS = [
  { kind: "openai-compatible", name: "oai", logprobs: true },
  { kind: "anthropic", name: "claude", logprobs: false },
  { kind: "simulator", name: "sim", logprobs: true },
] as const;

const LOOKUP_TOOL = {
  type: "function",
  function: {
    name: "lookup",
    description: "Looks things up",
    parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
  },
};

/** Today's request shapes (beyond the basic one) a new user sends with current SDKs. */
const SHAPES: [string, Record<string, unknown>][] = [
  ["max_completion_tokens", { max_completion_tokens: 64 }],
  [
    "the developer role",
    {
      messages: [
        { role: "developer", content: "Answer briefly." },
        { role: "user", content: "Say hello." },
      ],
    },
  ],
  ["reasoning_effort", { reasoning_effort: "low" }],
  ["stop and seed", { stop: ["\n\n\n"], seed: 7 }],
  ["user, metadata and store", { user: "end-user-1", metadata: { task: "demo" }, store: false }],
  ["logprobs and top_logprobs", { logprobs: true, top_logprobs: 2 }],
  ["parallel_tool_calls", { tools: [LOOKUP_TOOL], parallel_tool_calls: false }],
  [
    "content parts",
    { messages: [{ role: "user", content: [{ type: "text", text: "Say hello in parts." }] }] },
  ],
  [
    "assistant and tool messages",
    {
      tools: [LOOKUP_TOOL],
      messages: [
        { role: "user", content: "Look up the answer." },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "lookup", arguments: '{"query":"answer"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "forty-two" },
      ],
    },
  ],
  [
    "a json_schema response format",
    {
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "answer",
          strict: true,
          schema: {
            type: "object",
            properties: { answer: { type: "string" }, confidence: { type: "number" } },
            required: ["answer", "confidence"],
            additionalProperties: false,
          },
        },
      },
    },
  ],
];

function expectValid(name: SchemaName, value: unknown): void {
  expect(schemaErrors(name, value), JSON.stringify(value)).toEqual([]);
}

interface Chunk {
  id: string;
  choices: {
    index: number;
    delta: { content?: string | null; tool_calls?: { function?: { arguments?: string } }[] };
    finish_reason: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

/** Reads an SSE answer: every `data:` payload but `[DONE]` must be a schema-valid chunk. */
async function readStream(res: Response): Promise<{ chunks: Chunk[]; done: boolean }> {
  const text = await res.text();
  const chunks: Chunk[] = [];
  let done = false;
  for (const frame of text.split("\n\n")) {
    if (!frame.startsWith("data: ")) continue;
    const data = frame.slice(6);
    if (data === "[DONE]") {
      done = true;
      continue;
    }
    const chunk = JSON.parse(data) as Chunk;
    expectValid("CreateChatCompletionStreamResponse", chunk);
    chunks.push(chunk);
  }
  return { chunks, done };
}

/** The text of each choice of a stream, by index. */
function textByIndex(chunks: Chunk[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const c of chunks)
    for (const choice of c.choices) {
      let piece = choice.delta.content ?? "";
      for (const t of choice.delta.tool_calls ?? []) piece += t.function?.arguments ?? "";
      out.set(choice.index, (out.get(choice.index) ?? "") + piece);
    }
  return out;
}

interface Completion {
  choices: { index: number; message: { content: string | null }; logprobs: unknown }[];
  usage: { prompt_tokens: number; completion_tokens: number };
}

describe.each(TRANSPORTS)("OpenAI schema conformance over %s", (transport) => {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    postJson(h, transport, "/v1/chat/completions", body, headers);

  describe.each(KINDS)("$kind", ({ name, logprobs }) => {
    const model = () => h.model(name);

    it("a plain answer validates, with logprobs and refusal null", async () => {
      const res = await post(chatBody(model()));
      expect(res.status).toBe(200);
      const body = (await res.json()) as Completion & {
        choices: { message: { refusal: unknown } }[];
      };
      expectValid("CreateChatCompletionResponse", body);
      expect(body.choices[0]?.logprobs).toBeNull();
      expect(body.choices[0]?.message.refusal).toBeNull();
    });

    it("a stream with usage: every chunk validates, then [DONE]", async () => {
      const res = await post(
        chatBody(model(), { stream: true, stream_options: { include_usage: true } }),
      );
      expect(res.status).toBe(200);
      const { chunks, done } = await readStream(res);
      expect(done).toBe(true);
      expect(textByIndex(chunks).get(0)?.length).toBeGreaterThan(0);
      expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
    });

    it("tool calls validate, whole and streamed", async () => {
      const whole = await post(
        chatBody(model(), { tools: [LOOKUP_TOOL], tool_choice: "required" }),
      );
      expect(whole.status).toBe(200);
      expectValid("CreateChatCompletionResponse", await whole.json());
      const streamed = await post(
        chatBody(model(), { tools: [LOOKUP_TOOL], tool_choice: "required", stream: true }),
      );
      expect(streamed.status).toBe(200);
      expect((await readStream(streamed)).done).toBe(true);
    });

    // Logprobs from a provider that has none is the refusal tested below.
    const shapes = SHAPES.filter(([, extra]) => logprobs || extra.logprobs !== true);
    it.each(shapes)("%s: 200 with a schema-valid answer, JSON and stream", async (_s, extra) => {
      const res = await post(chatBody(model(), extra));
      expect(res.status, await res.clone().text()).toBe(200);
      expectValid("CreateChatCompletionResponse", await res.json());
      const streamed = await post(chatBody(model(), { ...extra, stream: true }));
      expect(streamed.status).toBe(200);
      expect((await readStream(streamed)).done).toBe(true);
    });

    it(`logprobs: ${logprobs ? "given back" : "a 400 naming the model"}`, async () => {
      const res = await post(chatBody(model(), { logprobs: true, top_logprobs: 2 }));
      const body = (await res.json()) as { error?: { message: string; param: string } };
      if (logprobs) {
        expect(res.status).toBe(200);
        expectValid("CreateChatCompletionResponse", body);
        if (name === "oai")
          expect(h.fake.requests.at(-1)?.body).toMatchObject({ logprobs: true, top_logprobs: 2 });
        // The provider's log probabilities come back as it gave them, whole and streamed.
        const given = (body as Completion).choices[0]?.logprobs as {
          content: { top_logprobs: unknown[] }[];
        };
        expect(given.content.length).toBeGreaterThan(0);
        expect(given.content[0]?.top_logprobs).toHaveLength(2);
        const streamed = await post(
          chatBody(model(), { logprobs: true, top_logprobs: 2, stream: true }),
        );
        const { chunks } = await readStream(streamed);
        const withLogprobs = chunks.filter((c) =>
          c.choices.some((choice) => (choice as { logprobs?: unknown }).logprobs),
        );
        expect(withLogprobs.length).toBeGreaterThan(0);
        return;
      }
      expect(res.status).toBe(400);
      expectValid("ErrorResponse", body);
      expect(body.error?.param).toBe("logprobs");
      expect(body.error?.message).toContain(model());
    });

    it("n: 2 answers two choices, JSON and stream, both costed", async () => {
      const one = `n1-${name}-${transport}-${h.suffix}`;
      const two = `n2-${name}-${transport}-${h.suffix}`;
      const single = await post(chatBody(model()), { "x-request-id": one });
      expect(single.status).toBe(200);
      const res = await post(chatBody(model(), { n: 2 }), { "x-request-id": two });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Completion;
      expectValid("CreateChatCompletionResponse", body);
      expect(body.choices.map((c) => c.index)).toEqual([0, 1]);
      for (const c of body.choices) expect(c.message.content?.length).toBeGreaterThan(0);
      const [d1, d2] = [await readDecision(h, one), await readDecision(h, two)];
      // Both answers are counted: twice the output tokens, and more cost than one answer.
      expect(d2?.outputTokens).toBe(2 * (d1?.outputTokens ?? 0));
      expect(body.usage.completion_tokens).toBe(d2?.outputTokens);
      expect(Number(d2?.costUsd)).toBeGreaterThan(Number(d1?.costUsd));

      const streamed = await post(
        chatBody(model(), { n: 2, stream: true, stream_options: { include_usage: true } }),
      );
      expect(streamed.status).toBe(200);
      const { chunks, done } = await readStream(streamed);
      expect(done).toBe(true);
      const texts = textByIndex(chunks);
      expect([...texts.keys()].sort()).toEqual([0, 1]);
      expect(texts.get(0)).toBe(body.choices[0]?.message.content);
      expect(texts.get(1)).toBe(body.choices[1]?.message.content);
      expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
      expect(chunks.at(-1)?.usage?.completion_tokens).toBe(d2?.outputTokens);
    });
  });

  it("logprobs on a route mixing providers is served by the step that can give them", async () => {
    const res = await post(chatBody(h.route("mixed"), { logprobs: true }));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("oai"));
    expectValid("CreateChatCompletionResponse", await res.json());
  });

  it("n: 2 on a gated cascade is refused with a clear 400", async () => {
    const res = await post(chatBody(h.route("cascade"), { n: 2 }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { param: string; message: string } };
    expectValid("ErrorResponse", body);
    expect(body.error.param).toBe("n");
    expect(body.error.message).toContain("cascade");
  });

  it("the model list and the error answers validate", async () => {
    const models = await fetch(`${h.urls[transport]}/v1/models`, {
      headers: { authorization: `Bearer ${h.apiKey}` },
    });
    expect(models.status).toBe(200);
    expectValid("ListModelsResponse", await models.json());
    const errors = [
      await post(chatBody(model404())),
      await post({ model: h.model("oai") }),
      await post(chatBody(h.model("oai")), { authorization: "Bearer sk-sb-wrong" }),
      await post(chatBody(h.model("oai"), { n: 17 })),
    ];
    expect(errors.map((r) => r.status)).toEqual([404, 400, 401, 400]);
    for (const r of errors) expectValid("ErrorResponse", await r.json());
  });
});

const model404 = () => `missing-${h.suffix}`;

/** A tenant of its own with a hard daily budget of `limitUsd` and an API key. */
async function tenantWithDailyBudget(slug: string, limitUsd: string) {
  const tenant = await h.db.tenant.create({
    data: { slug: `${slug}-${h.suffix}`, name: slug, modelAllowlist: [] },
  });
  await h.db.budget.create({
    data: {
      tenantId: tenant.id,
      period: "daily",
      limitUsd,
      hardLimit: true,
      windowStart: new Date(),
    },
  });
  const { key } = await h.createKey();
  await h.db.apiKey.updateMany({ where: { hash: hashApiKey(key) }, data: { tenantId: tenant.id } });
  return { tenant, key };
}

describe("n > 1 and budgets", () => {
  it("reserves the worst case of every answer, and refuses n answers that do not fit", async () => {
    const { tenant, key } = await tenantWithDailyBudget("n-budget", "0.003");
    const send = (n: number) =>
      postJson(
        h,
        "node",
        "/v1/chat/completions",
        chatBody(h.model("sim"), { n, max_tokens: 1000 }),
        {
          authorization: `Bearer ${key}`,
        },
      );
    // One answer's worst case (~$0.002) fits the $0.003 limit; two answers' (~$0.004) does not.
    const fits = await send(1);
    expect(fits.status).toBe(200);
    const refused = await send(2);
    expect(refused.status).toBe(429);
    expectValid("ErrorResponse", await refused.json());
    await expect
      .poll(async () => h.db.budgetSettlement.count({ where: { tenantId: tenant.id } }), {
        timeout: 5_000,
      })
      .toBe(1);
  });

  it("a served n: 2 request reserves twice one answer's worst case", async () => {
    const { tenant, key } = await tenantWithDailyBudget("n-reserve", "100");
    const ids: string[] = [];
    for (const n of [1, 2]) {
      const res = await postJson(
        h,
        "node",
        "/v1/chat/completions",
        chatBody(h.model("claude"), { n, max_tokens: 1000 }),
        { authorization: `Bearer ${key}` },
      );
      expect(res.status).toBe(200);
      ids.push(res.headers.get("x-switchboard-decision-id") ?? "");
    }
    await expect
      .poll(async () => h.db.budgetSettlement.count({ where: { tenantId: tenant.id } }), {
        timeout: 5_000,
      })
      .toBe(2);
    const rows = await h.db.budgetSettlement.findMany({ where: { requestId: { in: ids } } });
    const reserved = (id: string) => Number(rows.find((r) => r.requestId === id)?.reservedUsd);
    expect(reserved(ids[1] ?? "")).toBeCloseTo(2 * reserved(ids[0] ?? ""), 6);
  });
});
