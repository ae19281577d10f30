// The Vercel AI SDK (ai@6 + @ai-sdk/openai@3) and LangChain's ChatOpenAI (@langchain/openai@1)
// pointed at the gateway with a tenant key, on both transports: plain, streamed, tool calling and
// JSON mode, unchanged.
import { createOpenAI } from "@ai-sdk/openai";
import { ChatOpenAI } from "@langchain/openai";
import { generateObject, generateText, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { closeTestDb, getTestDb } from "@/tests/support/db";
import { startHarness, TRANSPORTS, type Harness } from "./harness";

afterAll(closeTestDb);
let h: Harness;

beforeAll(async () => {
  h = await startHarness(await getTestDb(), { models: [{ name: "compat" }] });
  await h.createRoute("auto", {
    schemaVersion: 1,
    rules: [],
    default: { strategy: "single", model: h.model("compat") },
  });
});
afterAll(() => h?.close());

// The fake answers JSON requests with this object and tool requests with `{ query: "fake" }`.
const answerSchema = z.object({ answer: z.string(), confidence: z.number() });
const lookupSchema = z.object({ query: z.string() });

describe.each(TRANSPORTS)("Vercel AI SDK over %s", (transport) => {
  const model = () =>
    createOpenAI({ baseURL: `${h.urls[transport]}/v1`, apiKey: h.apiKey }).chat(h.route("auto"));

  it("generateText", async () => {
    const result = await generateText({
      model: model(),
      prompt: "What is the answer?",
      maxRetries: 0,
    });
    expect(result.text).toContain("forty-two");
    expect(result.usage.totalTokens).toBeGreaterThan(0);
    expect(result.response.headers?.["x-switchboard-model"]).toBe(h.model("compat"));
  });

  it("streamText", async () => {
    const result = streamText({ model: model(), prompt: "What is the answer?", maxRetries: 0 });
    let text = "";
    for await (const part of result.textStream) text += part;
    expect(text).toContain("forty-two");
    expect((await result.usage).totalTokens).toBeGreaterThan(0);
  });

  it("tool calling with a zod schema", async () => {
    const result = await generateText({
      model: model(),
      prompt: "Look it up.",
      tools: { lookup: tool({ description: "Looks things up", inputSchema: lookupSchema }) },
      maxRetries: 0,
    });
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]?.toolName).toBe("lookup");
    expect(result.toolCalls[0]?.input).toEqual({ query: "fake" });
  });

  it("generateObject (JSON mode)", async () => {
    const { object } = await generateObject({
      model: model(),
      schema: answerSchema,
      prompt: "Answer as JSON.",
      maxRetries: 0,
    });
    expect(object).toEqual({ answer: "forty-two", confidence: 0.9 });
  });
});

describe.each(TRANSPORTS)("LangChain ChatOpenAI over %s", (transport) => {
  const chat = () =>
    new ChatOpenAI({
      model: h.route("auto"),
      apiKey: h.apiKey,
      configuration: { baseURL: `${h.urls[transport]}/v1` },
      maxRetries: 0,
    });

  it("invoke", async () => {
    const message = await chat().invoke("What is the answer?");
    expect(String(message.content)).toContain("forty-two");
    expect(message.usage_metadata?.total_tokens).toBeGreaterThan(0);
  });

  it("stream", async () => {
    let text = "";
    for await (const chunk of await chat().stream("What is the answer?"))
      text += String(chunk.content);
    expect(text).toContain("forty-two");
  });

  it("bindTools", async () => {
    const bound = chat().bindTools([
      { name: "lookup", description: "Looks things up", schema: lookupSchema },
    ]);
    const message = await bound.invoke("Look it up.");
    expect(message.tool_calls?.[0]?.name).toBe("lookup");
    expect(message.tool_calls?.[0]?.args).toEqual({ query: "fake" });
  });

  it("withStructuredOutput (JSON schema and JSON mode)", async () => {
    const schemaOut = await chat()
      .withStructuredOutput(answerSchema, { method: "jsonSchema" })
      .invoke("Answer as JSON.");
    expect(schemaOut).toEqual({ answer: "forty-two", confidence: 0.9 });
    const modeOut = await chat()
      .withStructuredOutput(answerSchema, { method: "jsonMode" })
      .invoke("Answer as JSON.");
    expect(modeOut).toEqual({ answer: "forty-two", confidence: 0.9 });
  });
});
