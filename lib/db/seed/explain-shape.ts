import type { FeaturesSummary } from "@/lib/decision-log/features-summary";
import type { Capability } from "@/lib/vocabulary";
import type { Rng } from "../../random";
import type { RoutePlan } from "./routes";

/** Capabilities a request of each task needs (what the engine derives from the body). */
const TASK_CAPABILITIES: Record<string, Capability[]> = {
  vision: ["vision"],
  extract: ["json_schema"],
  code: ["tools"],
  reasoning: ["reasoning"],
};

/** Request features as the gateway stores them (`FeaturesSummary`, lib/decision-log). */
export function buildFeatures(
  rng: Rng,
  plan: RoutePlan,
  input: number,
  streamed: boolean,
  endUserId: string,
): FeaturesSummary {
  const caps = TASK_CAPABILITIES[plan.task] ?? [];
  const turns = 1 + 2 * rng.int(4);
  return {
    estimatedInputTokens: Math.round(input * rng.between(0.94, 1.06)),
    overheadTokens: 3 * turns + (caps.includes("vision") ? 765 : 0),
    maxOutputTokens: rng.chance(0.4) ? 1024 : null,
    messageCount: turns + 1,
    conversationTurns: turns,
    hasTools: caps.includes("tools"),
    hasImages: caps.includes("vision"),
    responseFormat: caps.includes("json_schema") ? "json_schema" : "text",
    stream: streamed,
    requiredCapabilities: caps,
    metadata: {
      task: plan.task,
      userTier: plan.tags?.includes("vip") ? "vip" : null,
      latencyClass: plan.rule === "interactive" ? "interactive" : null,
      tags: plan.tags ?? [],
      endUserId,
      priority: "normal",
    },
    hasJsonSchema: caps.includes("json_schema"),
  };
}
