import { anthropicAdapter } from "@/lib/providers/anthropic";
import { openAiCompatibleAdapter } from "@/lib/providers/openai-compatible";
import type { ChatCompletionRequest } from "@/lib/schemas/openai-chat";
import { simulatorAdapter } from "@/lib/providers/simulator/adapter";
import type {
  CompletionStream,
  ProviderAdapter,
  ProviderCall,
  ProviderConfig,
  StreamEvent,
} from "@/lib/providers/types";
import type { FakeUpstream } from "@/tests/support/fake-upstream";

export const API_KEY = "sk-test-conformance-0123456789abcdef";

/** One adapter under the shared contract: how to build its provider config. */
export interface Harness {
  name: string;
  adapter: ProviderAdapter;
  /** True when the adapter talks HTTP (runs against the fake upstream). */
  http: boolean;
  provider(upstream: FakeUpstream, overrides?: Partial<ProviderConfig>): ProviderConfig;
}

/** A provider config for tests: the shared key, short timeouts, private addresses allowed. */
export const baseProvider = (
  kind: ProviderConfig["kind"],
  baseUrl: string | null,
): ProviderConfig => ({
  kind,
  baseUrl,
  apiKey: API_KEY,
  headers: {},
  connectTimeoutMs: 1000,
  requestTimeoutMs: 2000,
  allowPrivateNetwork: true,
  settings: {},
});

export const HARNESSES: Harness[] = [
  {
    name: "openai-compatible",
    adapter: openAiCompatibleAdapter,
    http: true,
    provider: (up, o = {}) => ({ ...baseProvider("openai_compatible", `${up.url}/v1`), ...o }),
  },
  {
    name: "anthropic",
    adapter: anthropicAdapter,
    http: true,
    provider: (up, o = {}) => ({ ...baseProvider("anthropic", up.url), ...o }),
  },
  {
    name: "simulator",
    adapter: simulatorAdapter,
    http: false,
    provider: (_up, o = {}) => ({
      ...baseProvider("simulator", null),
      settings: { seed: 1, quality: 1, outputTokens: [12, 20] },
      ...o,
    }),
  },
];

export const HTTP_HARNESSES = HARNESSES.filter((h) => h.http);

export function chatRequest(extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  return {
    model: "client-facing-name",
    messages: [
      { role: "system", content: "You are terse." },
      { role: "user", content: "What is the answer to everything?" },
    ],
    ...extra,
  };
}

export const WEATHER_TOOL = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } },
      required: ["city"],
    },
  },
};

export function makeCall(
  provider: ProviderConfig,
  model: string,
  request: ChatCompletionRequest,
  extra: Partial<ProviderCall> = {},
): ProviderCall {
  return { provider, model, request, ...extra };
}

/** Reads a whole stream into its events. */
export async function collect(stream: CompletionStream): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

/** Runs a promise that must reject; returns the rejection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

export function contentOf(events: StreamEvent[]): string {
  let text = "";
  for (const e of events)
    if (e.type === "chunk") for (const c of e.chunk.choices) text += c.delta.content ?? "";
  return text;
}
