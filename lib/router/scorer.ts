/**
 * The built-in difficulty heuristic for score bands. A trained classifier can replace it by
 * implementing `DifficultyScorer` and passing it in the routing context.
 */
import type { RequestFeatures } from "./features-types";
import type { DifficultyScorer } from "./types";

const HARD_TASKS = new Set([
  "reasoning",
  "legal",
  "code",
  "analysis",
  "math",
  "dispute",
  "planning",
]);
const EASY_TASKS = new Set(["faq", "classification", "extraction", "summarization", "chitchat"]);

/** Scores difficulty in [0, 1] from size, conversation depth, structure and the declared task. */
export const heuristicScorer: DifficultyScorer = {
  name: "heuristic-v1",
  score(features: RequestFeatures): number {
    // 100k tokens saturates the size term; most prompts land between 0.2 and 0.6.
    const size = Math.min(1, Math.log10(1 + features.estimatedInputTokens) / 5);
    const depth = Math.min(1, features.conversationTurns / 20);
    let score = 0.45 * size + 0.15 * depth;
    if (features.hasTools) score += 0.1;
    if (features.responseFormat === "json_schema") score += 0.05;
    if (features.hasImages) score += 0.1;
    const task = features.metadata.task;
    if (task !== null && HARD_TASKS.has(task)) score += 0.3;
    if (task !== null && EASY_TASKS.has(task)) score -= 0.15;
    if (features.metadata.priority === "critical") score += 0.1;
    return Math.min(1, Math.max(0, score));
  },
};
