// The streaming contract on both transports: failover until the first content token; after it,
// an in-band error event and no [DONE]; a client disconnect aborts the upstream and bills usage.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeTestDb, getTestDb } from "@/tests/support/db";
import {
  chatBody,
  postJson,
  readDecision,
  startHarness,
  TRANSPORTS,
  type Harness,
} from "./harness";

afterAll(closeTestDb);
const getDb = getTestDb;
let h: Harness;

beforeAll(async () => {
  h = await startHarness(await getDb(), { models: [{ name: "primary" }, { name: "backup" }] });
  await h.createRoute("chain", {
    schemaVersion: 1,
    rules: [],
    default: {
      strategy: "fallback",
      steps: [{ model: h.model("primary"), timeoutMs: 400 }, { model: h.model("backup") }],
      triggers: ["timeout", "connect", "server_error", "rate_limited", "stream_interrupted"],
    },
  });
  await h.createRoute("steady", {
    schemaVersion: 1,
    rules: [],
    default: {
      strategy: "fallback",
      steps: [{ model: h.model("primary"), timeoutMs: 10_000 }, { model: h.model("backup") }],
      triggers: ["timeout", "connect", "server_error", "rate_limited", "stream_interrupted"],
    },
  });
});
afterAll(() => h?.close());
beforeEach(() => {
  h.fake.reset();
  h.services.breakers.reset();
});

function parseFrames(text: string): { data: string[]; comments: number } {
  const data: string[] = [];
  let comments = 0;
  for (const block of text.split("\n\n")) {
    if (block.startsWith(":")) comments++;
    else if (block.startsWith("data: ")) data.push(block.slice(6));
  }
  return { data, comments };
}

function contentOf(data: string[]): string {
  let text = "";
  for (const d of data) {
    if (d === "[DONE]") continue;
    const chunk = JSON.parse(d) as { choices?: { delta?: { content?: string } }[] };
    text += chunk.choices?.[0]?.delta?.content ?? "";
  }
  return text;
}

const streamBody = (extra: Record<string, unknown> = {}) =>
  chatBody(h.route("chain"), { stream: true, ...extra });
const steadyBody = () => chatBody(h.route("steady"), { stream: true });

describe.each(TRANSPORTS)("streaming over %s", (transport) => {
  it("streams content and ends with [DONE]; usage only when asked", async () => {
    const res = await postJson(
      h,
      transport,
      "/v1/chat/completions",
      streamBody({ stream_options: { include_usage: true } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("primary"));
    const { data } = parseFrames(await res.text());
    expect(data.at(-1)).toBe("[DONE]");
    expect(contentOf(data)).toContain("forty-two");
    const usage = JSON.parse(data.at(-2) ?? "{}") as {
      choices: unknown[];
      usage: { total_tokens: number };
    };
    expect(usage.choices).toEqual([]);
    expect(usage.usage.total_tokens).toBeGreaterThan(0);

    const plain = await postJson(h, transport, "/v1/chat/completions", streamBody());
    const frames = parseFrames(await plain.text()).data;
    expect(frames.some((d) => d.includes('"usage"'))).toBe(false);
    expect(frames.at(-1)).toBe("[DONE]");
  });

  it.each([
    ["an error status", "status:503"],
    ["keep-alives without content", "keepalive:20"],
    ["a cut before content", "cut-after:0"],
    ["an in-band error before content", "error-event:overloaded_error"],
    ["stalled headers", "stall-headers"],
  ])("fails over on %s before the first content token", async (_name, fault) => {
    h.fake.setFault(h.model("primary"), fault);
    const id = `sfo-${transport}-${fault.replace(/\W/g, "")}-${h.suffix}`;
    const res = await postJson(h, transport, "/v1/chat/completions", streamBody(), {
      "x-request-id": id,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-model")).toBe(h.model("backup"));
    const { data } = parseFrames(await res.text());
    expect(data.at(-1)).toBe("[DONE]");
    expect(contentOf(data)).toContain("forty-two");
    const decision = await readDecision(h, id);
    expect(decision?.status).toBe("success");
    expect(decision?.streamed).toBe(true);
    expect(decision?.fellBack).toBe(true);
  });

  it.each([
    ["a cut", "cut-after:2"],
    ["an in-band error", "error-event:overloaded_error,after:2"],
    ["a malformed event", "malformed,after:2"],
  ])("ends with an in-band error and no [DONE] on %s after content", async (_name, fault) => {
    // No token pacing: the fake sends the content and the fault in one write, so the gateway
    // reads them in one chunk (the content must still reach the client before the error). The
    // route's generous timeout keeps a starved machine from timing out before the first token.
    h.fake.setFault(h.model("primary"), fault);
    const id = `smid-${transport}-${fault.replace(/\W/g, "")}-${h.suffix}`;
    const res = await postJson(h, transport, "/v1/chat/completions", steadyBody(), {
      "x-request-id": id,
    });
    expect(res.status).toBe(200);
    const { data } = parseFrames(await res.text());
    const attempts = (await readDecision(h, id))?.attempts.map((a) => [
      a.model,
      a.outcome,
      a.errorClass,
    ]);
    expect(data, JSON.stringify(attempts)).not.toContain("[DONE]");
    expect(contentOf(data.slice(0, -1)).length).toBeGreaterThan(0);
    const last = JSON.parse(data.at(-1) ?? "{}") as { error?: { code: string } };
    expect(last.error?.code).toBe("upstream_error");
    const decision = await readDecision(h, id);
    expect(decision?.status).toBe("mid_stream_failure");
    expect(decision?.attempts).toHaveLength(1);
  });

  it("aborts the upstream call when the client disconnects and bills the partial usage", async () => {
    h.fake.setAnswer(h.model("primary"), { text: "word ".repeat(200), tokenDelayMs: 20 });
    const id = `sclose-${transport}-${h.suffix}`;
    const controller = new AbortController();
    const res = await fetch(`${h.urls[transport]}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${h.apiKey}`,
        "content-type": "application/json",
        "x-request-id": id,
      },
      body: JSON.stringify(steadyBody()),
      signal: controller.signal,
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let seen = "";
    // Stop at the end of the stream too: a stream that never carries "word" fails, never spins.
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      seen += new TextDecoder().decode(r.value);
      if (seen.includes('"content":"word')) break;
    }
    expect(seen).toContain('"content":"word');
    controller.abort();
    await h.fake.waitFor((s) => s.clientAborts >= 1, 3000);
    await expect
      .poll(async () => (await readDecision(h, id))?.status, { timeout: 3000 })
      .toBe("client_closed");
    const decision = await readDecision(h, id);
    expect(decision?.outputTokens).toBeGreaterThan(0);
    expect(Number(decision?.costUsd)).toBeGreaterThan(0);
  });
});
