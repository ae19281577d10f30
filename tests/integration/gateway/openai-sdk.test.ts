// The real OpenAI SDK (v6) against the gateway on both transports: plain, streamed, tool call,
// JSON mode, n: 2 (native upstream n, and fanned out over the simulator); errors surface as the
// SDK's typed errors.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bumpConfigRevision } from "@/lib/db/config-revision";
import { closeTestDb, getTestDb } from "@/tests/support/db";
import { startHarness, TRANSPORTS, type Harness } from "./harness";

afterAll(closeTestDb);
const getDb = getTestDb;
let h: Harness;

beforeAll(async () => {
  h = await startHarness(await getDb(), { models: [{ name: "sdk" }] });
  await h.createRoute("auto", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("sdk") },
  });
  const simulator = await h.db.provider.create({
    data: { slug: `sim-${h.suffix}`, name: "Simulator", kind: "simulator", settings: { seed: 5 } },
  });
  await h.db.model.create({
    data: {
      slug: h.model("sim"),
      providerId: simulator.id,
      upstreamName: "sim",
      displayName: "sim",
      inputPricePerMTok: 1,
      outputPricePerMTok: 2,
      contextWindow: 128_000,
      maxOutputTokens: 4096,
      capabilities: ["streaming"],
      tier: "small",
    },
  });
  await bumpConfigRevision(h.db, "routing");
  await h.services.config.reload();
});
afterAll(() => h?.close());

describe.each(TRANSPORTS)("OpenAI SDK over %s", (transport) => {
  const client = () =>
    new OpenAI({ apiKey: h.apiKey, baseURL: `${h.urls[transport]}/v1`, maxRetries: 0 });
  const messages = [{ role: "user" as const, content: "What is the answer?" }];

  it("plain completion, with raw headers", async () => {
    const { data, response } = await client()
      .chat.completions.create({ model: h.route("auto"), messages })
      .withResponse();
    expect(data.choices[0]?.message.content).toContain("forty-two");
    expect(response.headers.get("x-switchboard-model")).toBe(h.model("sdk"));
  });

  it("streamed completion with usage", async () => {
    const stream = await client().chat.completions.create({
      model: h.route("auto"),
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let total = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      total = chunk.usage?.total_tokens ?? total;
    }
    expect(text).toContain("forty-two");
    expect(total).toBeGreaterThan(0);
  });

  it("tool call", async () => {
    const completion = await client().chat.completions.create({
      model: h.route("auto"),
      messages,
      tools: [
        {
          type: "function",
          function: { name: "lookup", parameters: { type: "object", properties: {} } },
        },
      ],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" ? call.function.name : null).toBe("lookup");
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("JSON mode", async () => {
    const completion = await client().chat.completions.create({
      model: h.route("auto"),
      messages,
      response_format: { type: "json_object" },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? "")).toMatchObject({
      answer: "forty-two",
    });
  });

  it.each([
    ["native upstream n", () => h.route("auto")],
    ["fan-out (simulator)", () => h.model("sim")],
  ])("n: 2 with %s, whole and streamed", async (_how, model) => {
    const completion = await client().chat.completions.create({ model: model(), messages, n: 2 });
    expect(completion.choices.map((c) => c.index)).toEqual([0, 1]);
    for (const c of completion.choices) expect(c.message.content?.length).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    // The SDK's stream helper accumulates chunks by choice index into a final completion.
    const stream = client().chat.completions.stream({ model: model(), messages, n: 2 });
    const final = await stream.finalChatCompletion();
    expect(final.choices.map((c) => c.message.content)).toEqual(
      completion.choices.map((c) => c.message.content),
    );
  });

  it("errors are the SDK's typed errors", async () => {
    await expect(
      client().chat.completions.create({ model: `nope-${h.suffix}`, messages }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const bad = new OpenAI({
      apiKey: "sk-sb-wrong",
      baseURL: `${h.urls[transport]}/v1`,
      maxRetries: 0,
    });
    await expect(
      bad.chat.completions.create({ model: h.route("auto"), messages }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
