/**
 * Rebuilds the engine's `RequestFeatures` from a decision's stored `features` JSON (the gateway's
 * `summarizeFeatures` output, or the demo seed's flatter shape). Prompt text is never stored, so
 * content reads as empty: rules on keywords or regexes cannot be replayed.
 */
import "server-only";
import type { RequestFeatures } from "@/lib/router";
import { CapabilitySchema } from "@/lib/schemas/policy";
import { PRIORITIES, type Capability } from "@/lib/vocabulary";

const EMPTY_CONTENT = { text: () => "", tokenText: () => "" };

function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}
const num = (v: unknown, d: number): number =>
  typeof v === "number" && Number.isFinite(v) ? v : d;
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** Null when the JSON has no token estimate (nothing meaningful to replay). */
export function restoreFeatures(
  json: unknown,
  endUserId: string | null = null,
): RequestFeatures | null {
  const f = obj(json);
  if (typeof f.estimatedInputTokens !== "number") return null;
  const meta = { ...f, ...obj(f.metadata) };
  const capabilities = strings(f.requiredCapabilities).filter(
    (c): c is Capability => CapabilitySchema.safeParse(c).success,
  );
  const format = f.responseFormat;
  const latency = meta.latencyClass;
  const priority = PRIORITIES.find((p) => p === meta.priority) ?? "normal";
  return {
    estimatedInputTokens: num(f.estimatedInputTokens, 0),
    overheadTokens: num(f.overheadTokens, 0),
    maxOutputTokens: typeof f.maxOutputTokens === "number" ? f.maxOutputTokens : null,
    messageCount: num(f.messageCount, 1),
    conversationTurns: num(f.conversationTurns, 1),
    hasTools: f.hasTools === true,
    hasImages: f.hasImages === true,
    responseFormat: format === "json_object" || format === "json_schema" ? format : "text",
    jsonSchema: null,
    stream: f.stream === true,
    requiredCapabilities: capabilities,
    metadata: {
      task: str(meta.task),
      userTier: str(meta.userTier),
      latencyClass: latency === "interactive" || latency === "batch" ? latency : null,
      tags: strings(meta.tags),
      endUserId: str(meta.endUserId) ?? endUserId,
      priority,
    },
    content: EMPTY_CONTENT,
  };
}
