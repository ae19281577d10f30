// `npm run eval:router -- --data file.jsonl [--train file.jsonl | --split 0.5] [--seed n] [--epochs n]`
// Trains a learned scorer (on --train, or on a seeded share of --data) and prints APGR, CPT(50%),
// CPT(80%) and AUC of it, heuristic-v1, prompt length and random on the rest. Method: docs/quality.md.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { z } from "zod";
import {
  EvalExampleSchema,
  LabelledExampleSchema,
  type EvalExample,
  type LabelledExample,
} from "../lib/schemas/labelled-examples";
import { formatReport, runEvaluation } from "../lib/scoring";

const USAGE =
  "usage: npm run eval:router -- --data file.jsonl [--train file.jsonl | --split 0.5] [--seed n] [--epochs n] [--bar 0.5]";

function readJsonl<T>(path: string, schema: z.ZodType<T>): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .flatMap((line, i) => {
      if (line.trim() === "") return [];
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new Error(`${path}:${i + 1}: not valid JSON`);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => {
          const at = issue.path.join(".");
          return at === "" ? issue.message : `${at}: ${issue.message}`;
        });
        throw new Error(`${path}:${i + 1}: ${issues.join("; ")}`);
      }
      return [parsed.data];
    });
}

function main(): number {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      train: { type: "string" },
      route: { type: "string" },
      split: { type: "string" },
      seed: { type: "string" },
      epochs: { type: "string" },
      bar: { type: "string" },
    },
  });
  if (values.route !== undefined) {
    console.error(
      "--route is not available yet: it needs stored scorer versions (issue 15). Use --data.",
    );
    return 2;
  }
  if (values.data === undefined) {
    console.error(USAGE);
    return 2;
  }
  const data: EvalExample[] = readJsonl(values.data, EvalExampleSchema);
  const train: LabelledExample[] | undefined =
    values.train === undefined ? undefined : readJsonl(values.train, LabelledExampleSchema);
  const number = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) throw new Error(`not a number: ${text}`);
    return value;
  };
  if (values.split !== undefined && !(Number(values.split) > 0 && Number(values.split) < 1)) {
    throw new Error("--split is the training share, between 0 and 1 exclusive");
  }
  const report = runEvaluation(data, {
    train,
    split: number(values.split),
    seed: number(values.seed),
    epochs: number(values.epochs),
    bar: number(values.bar),
    trainedAt: new Date().toISOString(),
  });
  const source = train ? values.train : `${values.data} (seeded split)`;
  console.log(`eval:router: ${values.data}; trained on ${source}`);
  console.log(formatReport(report));
  const { training, evaluation } = report.model;
  console.log(
    `\nlearned scorer: ${training.examples} examples (${training.positives} weak fails), ` +
      `${training.fitExamples} fit, ${training.calibrationExamples} calibration, ${training.skipped} skipped; ` +
      `calibration fold log loss ${evaluation.logLoss?.toFixed(3) ?? "n/a"}, Brier ${evaluation.brier?.toFixed(3) ?? "n/a"}`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
