/**
 * From labelled examples to training targets. The target is "the small tier's answer does not
 * clear the route's bar": an outcome is a pass boolean, or a quality score compared with `bar`.
 * Labels can come from imports, cascade gate outcomes, escalations and feedback; each example
 * keeps its source so a scorer version can say what it learned from.
 */
import { extractFeatures, type RequestFeatures } from "@/lib/router";
import type { ChatMessage } from "@/lib/schemas/openai-chat";
import type { EvalExample, LabelledExample, Outcome } from "@/lib/schemas/labelled-examples";

/** Where a label came from. */
export const LABEL_SOURCES = ["import", "cascade_gate", "escalation", "feedback"] as const;
export type LabelSource = (typeof LABEL_SOURCES)[number];

/** One example ready for training. */
export interface TrainingExample {
  features: RequestFeatures;
  /** True when the small tier's answer did not clear the bar (the positive class). */
  smallFails: boolean;
  source: LabelSource;
}

/** How outcomes map to the target. */
export interface LabelOptions {
  /** Outcome keys naming the small tier, first match wins (tier names or the route's small models). */
  smallKeys: readonly string[];
  /** A score below the bar fails it. */
  bar: number;
}

export const DEFAULT_LABEL_OPTIONS: LabelOptions = { smallKeys: ["weak", "small"], bar: 0.5 };

/** Whether an outcome clears the bar. */
export function passes(outcome: Outcome, bar: number): boolean {
  return typeof outcome === "boolean" ? outcome : outcome >= bar;
}

/** The quality of an outcome as a number in [0, 1] (a pass is 1, a fail 0). */
export function qualityOf(outcome: Outcome): number {
  return typeof outcome === "boolean" ? (outcome ? 1 : 0) : outcome;
}

/** Whether the small tier fails, or `null` when the example has no small-tier outcome. */
export function smallTierFails(
  outcomes: Readonly<Record<string, Outcome>>,
  options: LabelOptions = DEFAULT_LABEL_OPTIONS,
): boolean | null {
  for (const key of options.smallKeys) {
    const outcome = outcomes[key];
    if (outcome !== undefined) return !passes(outcome, options.bar);
  }
  return null;
}

/** Request features of a labelled prompt, as the gateway would compute them. */
/**
 * An example's message as a request message. Features read the role only to count user and
 * assistant turns, so every other role reads as system; absent content reads as no parts.
 */
function toMessage(role: string, raw: unknown): ChatMessage {
  const content = typeof raw === "string" || Array.isArray(raw) ? raw : null;
  if (role === "assistant") return { role, content };
  return { role: role === "user" ? "user" : "system", content: content ?? [] };
}

export function featuresOf(example: {
  prompt?: string;
  messages?: readonly { role: string; content: unknown }[];
  metadata?: Readonly<Record<string, string | readonly string[]>>;
}): RequestFeatures {
  const messages: ChatMessage[] = example.messages?.map((m) => toMessage(m.role, m.content)) ?? [
    { role: "user", content: example.prompt ?? "" },
  ];
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(example.metadata ?? {})) {
    metadata[key] = typeof value === "string" ? value : value.join(",");
  }
  return extractFeatures({ model: "eval", messages, metadata });
}

/** Imported examples as training examples; those without a small-tier outcome are counted, not used. */
export function toTrainingExamples(
  records: readonly LabelledExample[],
  options: LabelOptions = DEFAULT_LABEL_OPTIONS,
): { examples: TrainingExample[]; skipped: number } {
  const examples: TrainingExample[] = [];
  let skipped = 0;
  for (const record of records) {
    const fails = smallTierFails(record.outcomes, options);
    if (fails === null) skipped++;
    else examples.push({ features: featuresOf(record), smallFails: fails, source: "import" });
  }
  return { examples, skipped };
}

/** An evaluation example as an import record (outcomes of the `strong` and `weak` tiers). */
export function evalToLabelled(example: EvalExample): LabelledExample {
  const { strong, weak, id: _id, ...prompt } = example;
  return { ...prompt, outcomes: { strong, weak } };
}
