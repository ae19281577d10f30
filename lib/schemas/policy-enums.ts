import { z } from "zod";

/** Closed set of model capabilities. */
export const CapabilitySchema = z.enum([
  "tools",
  "vision",
  "json",
  "json_schema",
  "reasoning",
  "long_context",
  "streaming",
]);
/** A model capability. */
export type Capability = z.infer<typeof CapabilitySchema>;

/** Model tiers, cheapest first. */
export const ModelTierSchema = z.enum(["small", "medium", "large", "frontier"]);
/** A model tier. */
export type ModelTier = z.infer<typeof ModelTierSchema>;

/** Error classes a fallback can move on (same list as `ERROR_CLASSES` in lib/router). */
export const ErrorClassSchema = z.enum([
  "timeout",
  "connect",
  "server_error",
  "rate_limited",
  "auth",
  "invalid_request",
  "context_length_exceeded",
  "content_filtered",
  "stream_interrupted",
  "unknown",
]);
