import type { JsonSchema } from "@/lib/schemas/openai-chat";
import type { Capability } from "@/lib/vocabulary";
import type { LatencyClass, Priority } from "@/lib/vocabulary";

/** Metadata the client sends (headers or body `metadata`), normalized. */
export interface ClientMetadata {
  task: string | null;
  userTier: string | null;
  latencyClass: LatencyClass | null;
  tags: readonly string[];
  endUserId: string | null;
  priority: Priority;
}

/** Lazy access to prompt text, read only when the route enables content inspection. */
export interface ContentAccessor {
  /** Message text joined by newlines (memoized). */
  text(): string;
  /** Everything that is sent as tokens: message text plus tool definitions (memoized). */
  tokenText(): string;
}

/** Features of one request, computed once by `extractFeatures`. */
export interface RequestFeatures {
  /** Calibrated estimate of prompt tokens (including per-message overhead and images). */
  estimatedInputTokens: number;
  /** Tokens added for images and message framing, on top of `tokenText()`. */
  overheadTokens: number;
  /** `max_completion_tokens` or `max_tokens`, `null` when not sent. */
  maxOutputTokens: number | null;
  messageCount: number;
  /** User and assistant turns. */
  conversationTurns: number;
  hasTools: boolean;
  hasImages: boolean;
  responseFormat: "text" | "json_object" | "json_schema";
  jsonSchema: JsonSchema | null;
  stream: boolean;
  /** Capabilities the request needs from any model serving it. */
  requiredCapabilities: readonly Capability[];
  metadata: ClientMetadata;
  content: ContentAccessor;
}
