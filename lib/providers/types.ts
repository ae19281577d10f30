import type {
  ChatCompletionChunk,
  ChatCompletionRequest,
  ChatCompletionResponse,
  FinishReason,
} from "../schemas/openai-chat";
import type { CancelSignal } from "@/lib/cancel";
import type { ProviderKind } from "@/lib/vocabulary";

/** A provider as an adapter needs it; the caller decrypts the credential. */
export interface ProviderConfig {
  kind: ProviderKind;
  /** e.g. "https://api.openai.com/v1" or "https://api.anthropic.com" (the simulator ignores it). */
  baseUrl: string | null;
  /** Plaintext credential, or null for keyless upstreams (vLLM, Ollama). */
  apiKey: string | null;
  /** Extra static headers (e.g. Azure's `api-version` goes in settings, see docs/providers.md). */
  headers: Record<string, string>;
  connectTimeoutMs: number;
  /** Time allowed until the response headers and, for a stream, until the first content token. */
  requestTimeoutMs: number;
  allowPrivateNetwork: boolean;
  /** Adapter-specific settings (simulator behaviour, Azure mode, Anthropic version...). */
  settings: Record<string, unknown>;
}

/** One upstream call. */
export interface ProviderCall {
  provider: ProviderConfig;
  /** The upstream model name (the registry's `upstreamName`); replaces `request.model`. */
  model: string;
  request: ChatCompletionRequest;
  /** Aborting destroys the upstream socket; the call rejects with the signal's reason. */
  signal?: CancelSignal;
  /** The global setting (SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS): allows private addresses for all. */
  allowPrivate?: boolean;
  /** Overrides the provider's request timeout for this attempt (e.g. a chain step's timeout). */
  timeoutMs?: number;
}

/** Token usage of one call. `estimated` is true when we counted because the upstream did not say. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  estimated: boolean;
}

export interface CompletionResult {
  response: ChatCompletionResponse;
  usage: Usage;
  /**
   * The upstream's JSON text when `response` is exactly what it said (OpenAI-compatible answers
   * that carried usage): the gateway forwards it without serializing the response again.
   */
  rawText?: string;
}

/**
 * One event of a normalized stream. Failover is allowed until the first event with
 * `isContent: true`; role-only chunks and keep-alives are never content.
 */
export type StreamEvent =
  | {
      type: "chunk";
      chunk: ChatCompletionChunk;
      isContent: boolean;
    }
  | { type: "keepalive"; isContent: false }
  | { type: "done"; isContent: false; usage: Usage; finishReason: FinishReason | null };

/**
 * A normalized stream. Iterate it once. Failures during iteration throw a `ProviderError`
 * (`stream_interrupted`, `timeout`, or the class of an in-band error event); the last event of a
 * clean stream is `done`. `usage()` answers at any moment (after an abort or failure it is the
 * partial usage, estimated), so the gateway can bill what was used.
 */
export interface CompletionStream extends AsyncIterable<StreamEvent> {
  usage(): Usage;
  /** Destroys the upstream connection (idempotent); also happens when iteration stops early. */
  close(): void;
}

/** One adapter per upstream kind. */
export interface ProviderAdapter {
  readonly kind: ProviderKind;
  /** A non-streaming call. Rejects with a `ProviderError` (or the abort reason). */
  complete(call: ProviderCall): Promise<CompletionResult>;
  /**
   * A streaming call. Resolves once the upstream answered 200 with a stream (so status errors
   * reject here, before any event); rejects with a `ProviderError` (or the abort reason).
   */
  stream(call: ProviderCall): Promise<CompletionStream>;
}
