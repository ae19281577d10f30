import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { isProviderError } from "@/lib/providers/errors";
import { startFakeUpstream, type FakeUpstream } from "@/tests/support/fake-upstream";
import type { StreamEvent } from "@/lib/providers/types";
import {
  API_KEY,
  HTTP_HARNESSES,
  chatRequest,
  collect,
  contentOf,
  makeCall,
  rejectionOf,
} from "./harness";
import type { ProviderErrorClass } from "@/lib/vocabulary";

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const HTTP_DATE_IN_3S = () => new Date(Date.now() + 3000).toUTCString();

/** Fault → expected class, for streaming and non-streaming calls ("both") or one of them. */
const FAULTS: Array<{
  fault: string;
  cls: ProviderErrorClass;
  mode: "both" | "stream" | "json";
  status?: number;
}> = [
  { fault: "status:503,retry-after:2", cls: "server_error", mode: "both", status: 503 },
  { fault: "status:500", cls: "server_error", mode: "both", status: 500 },
  { fault: "status:429,retry-after:2", cls: "rate_limited", mode: "both", status: 429 },
  { fault: "status:401", cls: "auth", mode: "both", status: 401 },
  { fault: "status:403", cls: "auth", mode: "json", status: 403 },
  { fault: "status:400", cls: "invalid_request", mode: "both", status: 400 },
  { fault: "status:404,code:not_found_error", cls: "invalid_request", mode: "json", status: 404 },
  {
    fault:
      "status:400,code:context_length_exceeded,message:This model's maximum context length is 8192 tokens",
    cls: "context_length_exceeded",
    mode: "both",
  },
  {
    fault:
      "status:400,code:invalid_request_error,message:prompt is too long: 210000 tokens > 200000 maximum",
    cls: "context_length_exceeded",
    mode: "json",
  },
  {
    fault: "status:400,code:content_filter,message:blocked by the content management policy",
    cls: "content_filtered",
    mode: "both",
  },
  { fault: "status:504", cls: "timeout", mode: "json" },
  { fault: "delay:400", cls: "timeout", mode: "both" },
  { fault: "stall-headers", cls: "timeout", mode: "both" },
  { fault: "keepalive:10", cls: "timeout", mode: "both" },
  { fault: "cut-after:2", cls: "stream_interrupted", mode: "stream" },
  { fault: "cut-after", cls: "server_error", mode: "json" },
  { fault: "stall-after:2", cls: "timeout", mode: "both" },
  { fault: "error-event:overloaded_error,after:2", cls: "server_error", mode: "stream" },
  { fault: "error-event:rate_limit_error", cls: "rate_limited", mode: "stream" },
  { fault: "error-event:overloaded_error", cls: "server_error", mode: "json" },
  { fault: "malformed,after:1", cls: "stream_interrupted", mode: "stream" },
  { fault: "malformed", cls: "server_error", mode: "json" },
  { fault: "reset", cls: "server_error", mode: "both" },
  { fault: "redirect:302", cls: "unknown", mode: "both", status: 302 },
];

const CASES = FAULTS.flatMap((f) =>
  (f.mode === "both" ? ["json", "stream"] : [f.mode]).map((mode) => ({ ...f, mode })),
);

describe.each(HTTP_HARNESSES)("fault classification: $name", (h) => {
  const provider = () => h.provider(upstream, { requestTimeoutMs: 150 });

  test.each(CASES)("$fault ($mode) → $cls", async ({ fault, cls, mode, status }) => {
    const model = `fake@fault=${fault}`;
    const stream = mode === "stream";
    const call = makeCall(provider(), model, chatRequest({ stream }));
    const err = await rejectionOf(
      stream ? h.adapter.stream(call).then((s) => collect(s)) : h.adapter.complete(call),
    );
    expect(isProviderError(err) ? err.errorClass : err).toBe(cls);
    if (status !== undefined && isProviderError(err)) expect(err.status).toBe(status);
    expect(String((err as Error).message)).not.toContain(API_KEY);
  });

  test("an upstream 400 echoing transformed copies of the key shows none of them", async () => {
    const forms = [
      API_KEY.toLowerCase(),
      API_KEY.toUpperCase(),
      `acct_${API_KEY}`,
      Buffer.from(API_KEY).toString("base64"),
      Buffer.from(`:${API_KEY}`).toString("base64url"),
    ];
    upstream.setFault("echo", {
      mode: "status",
      status: 400,
      code: "invalid_request_error",
      message: `Invalid header value ${forms.join(" / ")} for this project.`,
    });
    const err = await rejectionOf(h.adapter.complete(makeCall(provider(), "echo", chatRequest())));
    expect(isProviderError(err) && err.errorClass).toBe("invalid_request");
    const message = String((err as Error).message);
    expect(message).toContain("Invalid header value");
    for (const form of forms) expect(message).not.toContain(form);
  });

  test("a 5xx whose body says the request is invalid is the request's fault", async () => {
    upstream.setFault("bad", "status:500,code:invalid_request_error,message:nesting too deep");
    const err = await rejectionOf(h.adapter.complete(makeCall(provider(), "bad", chatRequest())));
    expect(isProviderError(err) && [err.errorClass, err.status]).toEqual(["invalid_request", 500]);
  });

  test("Retry-After as seconds and as an HTTP date become retryAfterMs", async () => {
    upstream.setFault("m1", "status:429,retry-after:2");
    const a = await rejectionOf(h.adapter.complete(makeCall(provider(), "m1", chatRequest())));
    expect(isProviderError(a) && a.retryAfterMs).toBe(2000);
    upstream.setFault("m2", { mode: "status", status: 503, retryAfter: HTTP_DATE_IN_3S() });
    const b = await rejectionOf(h.adapter.complete(makeCall(provider(), "m2", chatRequest())));
    const ms = isProviderError(b) ? (b.retryAfterMs ?? 0) : 0;
    expect(ms).toBeGreaterThan(1000);
    expect(ms).toBeLessThanOrEqual(3000);
  });

  test("the fault can also come from a header the provider sends", async () => {
    const p = h.provider(upstream, { headers: { "x-fake-fault": "status:429" } });
    const err = await rejectionOf(h.adapter.complete(makeCall(p, "plain", chatRequest())));
    expect(isProviderError(err) && err.errorClass).toBe("rate_limited");
  });

  test("missing usage is counted and flagged estimated (whole and streamed)", async () => {
    upstream.setFault("quiet", "no-usage");
    const { usage, response } = await h.adapter.complete(
      makeCall(provider(), "quiet", chatRequest()),
    );
    expect(usage.estimated).toBe(true);
    expect(usage.inputTokens).toBeGreaterThan(5);
    expect(usage.outputTokens).toBeGreaterThan(5);
    expect(response.usage?.completion_tokens).toBe(usage.outputTokens);
    const events = await collect(
      await h.adapter.stream(makeCall(provider(), "quiet", chatRequest({ stream: true }))),
    );
    const done = events[events.length - 1];
    expect(done?.type === "done" && done.usage.estimated).toBe(true);
    expect(done?.type === "done" && done.usage.outputTokens).toBe(usage.outputTokens);
  });

  test("a bad credential is auth, and the key never appears in the message", async () => {
    upstream.requireAuth("sk-the-right-one-000000");
    const err = await rejectionOf(h.adapter.complete(makeCall(provider(), "m", chatRequest())));
    expect(isProviderError(err) && err.errorClass).toBe("auth");
    expect((err as Error).message).not.toContain(API_KEY);
    expect(JSON.stringify(err)).not.toContain(API_KEY);
    upstream.requireAuth(null);
  });

  test("redirects are not followed (one request reaches the fake, none goes elsewhere)", async () => {
    upstream.setFault("r", "redirect:307");
    const err = await rejectionOf(h.adapter.complete(makeCall(provider(), "r", chatRequest())));
    expect(isProviderError(err) && err.status).toBe(307);
    expect(upstream.stats.requests).toBe(1);
  });

  test("SSRF: 127.0.0.1 is refused without allowPrivateNetwork, and nothing is sent", async () => {
    const p = h.provider(upstream, { allowPrivateNetwork: false });
    const err = await rejectionOf(h.adapter.complete(makeCall(p, "m", chatRequest())));
    expect(isProviderError(err) && err.errorClass).toBe("connect");
    expect(isProviderError(err) && err.upstreamCode).toBe("ssrf_blocked");
    expect(upstream.stats.requests).toBe(0);
    const viaName = h.provider(upstream, {
      allowPrivateNetwork: false,
      baseUrl: upstream.url.replace("127.0.0.1", "localhost"),
    });
    const err2 = await rejectionOf(h.adapter.complete(makeCall(viaName, "m", chatRequest())));
    expect(isProviderError(err2) && err2.upstreamCode).toBe("ssrf_blocked");
    expect(upstream.stats.requests).toBe(0);
    const { response } = await h.adapter.complete(
      makeCall(p, "m", chatRequest(), { allowPrivate: true }),
    );
    expect(response.choices).toHaveLength(1);
  });

  test("a closed port is a connect error", async () => {
    const p = h.provider(upstream, { baseUrl: "http://127.0.0.1:1" });
    const err = await rejectionOf(h.adapter.complete(makeCall(p, "m", chatRequest())));
    expect(isProviderError(err) && err.errorClass).toBe("connect");
  });

  test("keep-alive: sequential calls reuse one connection", async () => {
    const before = upstream.stats.connections;
    for (let i = 0; i < 5; i++) await h.adapter.complete(makeCall(provider(), "m", chatRequest()));
    expect(upstream.stats.connections - before).toBeLessThanOrEqual(1);
  });
});

describe.each(HTTP_HARNESSES)("content and a fault in one read: $name", (h) => {
  // The fake writes the content frames and the failing frame in one write (0 ms token spacing),
  // so the adapter parses them from one chunk: the content must still come first.
  test.each([
    ["error-event:overloaded_error,after:2", "server_error"],
    ["malformed,after:2", "stream_interrupted"],
  ])("%s: the content before the fault is delivered, then it throws %s", async (fault, cls) => {
    const call = makeCall(
      h.provider(upstream),
      `fake@fault=${fault}`,
      chatRequest({ stream: true }),
    );
    const stream = await h.adapter.stream(call);
    const events: StreamEvent[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const e of stream) events.push(e);
      })(),
    );
    expect(isProviderError(err) ? err.errorClass : err).toBe(cls);
    expect(events.filter((e) => e.isContent)).toHaveLength(2);
    expect(contentOf(events).length).toBeGreaterThan(0);
    expect(stream.usage().outputTokens).toBeGreaterThan(0);
  });
});
