/**
 * A synthetic labelled sample for router evaluation, written by us (no public benchmark text):
 * prompts assembled from topics, asked operations and constraints, each carrying a hidden
 * difficulty; the weak tier's quality falls with difficulty much faster than the strong tier's,
 * plus noise. Length is a weak signal on purpose: some easy prompts paste long documents and many
 * hard prompts are one line, so a scorer has to read the content to beat prompt length.
 */
import type { EvalExample } from "@/lib/schemas/labelled-examples";
import { randomFn } from "@/lib/random";

interface Part {
  text: string;
  difficulty: number;
}

const EASY_TOPICS: Part[] = [
  { text: "the delivery date of my parcel", difficulty: 0 },
  { text: "our shop's opening hours on public holidays", difficulty: 0 },
  { text: "how to reset the password of my account", difficulty: 0.05 },
  { text: "the return window for shoes bought online", difficulty: 0.05 },
  { text: "the agenda of tomorrow's team meeting", difficulty: 0.05 },
  { text: "a welcome message for new newsletter subscribers", difficulty: 0.1 },
  { text: "the difference between the basic and the plus plan", difficulty: 0.1 },
  { text: "the list of ingredients for a pancake batter", difficulty: 0 },
];
const HARD_TOPICS: Part[] = [
  {
    text: "a race condition between two workers that update the same ledger row",
    difficulty: 0.55,
  },
  { text: "whether the sum of two irrational numbers can be rational", difficulty: 0.5 },
  { text: "the liability cap in clause 14.2 versus the indemnity in clause 9", difficulty: 0.6 },
  { text: "a recurrence T(n) = 3T(n/4) + n log n", difficulty: 0.5 },
  {
    text: "a query plan that switches from an index scan to a hash join at scale",
    difficulty: 0.55,
  },
  {
    text: "tax residency of a contractor who split the year across three countries",
    difficulty: 0.6,
  },
  {
    text: "a sample size for detecting a two percent lift with unequal variances",
    difficulty: 0.5,
  },
  { text: "a lock-free queue whose pop can observe a stale head pointer", difficulty: 0.65 },
];
const EASY_OPS: Part[] = [
  { text: "Can you tell me about", difficulty: 0 },
  { text: "Please write a short note about", difficulty: 0.05 },
  { text: "Rephrase in plain words what you know about", difficulty: 0.05 },
  { text: "Give me a one line summary of", difficulty: 0 },
  { text: "List the key facts about", difficulty: 0.05 },
];
const HARD_OPS: Part[] = [
  { text: "Prove or refute a claim about", difficulty: 0.35 },
  { text: "Derive step by step the exact answer for", difficulty: 0.3 },
  { text: "Find the flaw and justify the fix for", difficulty: 0.35 },
  { text: "Argue both sides and decide which one governs for", difficulty: 0.3 },
  { text: "Give a counterexample or a rigorous argument concerning", difficulty: 0.35 },
];
const CONSTRAINTS: Part[] = [
  { text: "Keep it friendly.", difficulty: 0 },
  { text: "Two sentences are enough.", difficulty: 0 },
  { text: "Use bullet points.", difficulty: 0.02 },
  { text: "Cite the exact section numbers you rely on.", difficulty: 0.2 },
  { text: "State every assumption and check each edge case.", difficulty: 0.2 },
  { text: "Do not use any library and stay within O(n log n) time.", difficulty: 0.25 },
  { text: "Show the intermediate quantities and verify the final number.", difficulty: 0.2 },
];
const FILLER = [
  "Thanks again for getting back to me so quickly last week.",
  "I have attached the previous messages below for context.",
  "The customer wrote that the package arrived but the box was slightly dented.",
  "Our team usually answers these questions within one business day.",
  "Please note that the office will be closed on Friday afternoon.",
  "The invoice number is shown at the top right of the email.",
  "She mentioned that the colour looked different from the photos on the website.",
  "We would like to keep the tone warm and simple for these replies.",
];

/** Normal noise from two uniforms (Box–Muller). */
function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const pick = <T>(items: readonly T[], random: () => number): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("empty list");
  return item;
};
const clamp = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;

/** `count` labelled examples; the same seed gives the same sample. */
export function generateQualitySample(count: number, seed = 15): EvalExample[] {
  const random = randomFn(seed);
  return Array.from({ length: count }, (_, n) => {
    const hardTopic = random() < 0.45;
    const hardOp = random() < (hardTopic ? 0.7 : 0.25);
    const topic = pick(hardTopic ? HARD_TOPICS : EASY_TOPICS, random);
    const op = pick(hardOp ? HARD_OPS : EASY_OPS, random);
    const constraints = Array.from({ length: Math.floor(random() * 3) }, () =>
      pick(CONSTRAINTS, random),
    );
    // Pasted context: long threads mostly come with easy requests (summaries of support mail).
    const pasteChance = hardTopic ? 0.3 : 0.35;
    const pasted = random() < pasteChance;
    const pastedLength = pasted ? Math.floor(random() * (hardTopic ? 12 : 40)) + 3 : 0;
    const context = Array.from({ length: pastedLength }, () => pick(FILLER, random)).join(" ");
    const ask = [`${op.text} ${topic.text}.`, ...constraints.map((c) => c.text)].join(" ");
    const prompt = context === "" ? ask : `${context}\n\n${ask}`;
    const difficulty =
      topic.difficulty +
      op.difficulty +
      constraints.reduce((sum, c) => sum + c.difficulty, 0) +
      0.15 * gaussian(random);
    const weak = clamp(1 - 1.1 * difficulty + 0.12 * gaussian(random));
    const strong = clamp(0.95 - 0.25 * difficulty + 0.08 * gaussian(random));
    const example: EvalExample = { id: `syn-${n + 1}`, prompt, strong, weak };
    // A third of the requests declare a task; one in five of those declarations is wrong.
    if (random() < 0.35) {
      const honest = random() < 0.8;
      const task = hardTopic === honest ? pick(["reasoning", "code", "legal"], random) : "faq";
      example.metadata = { task };
    }
    return example;
  });
}
