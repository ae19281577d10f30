/**
 * One line of a labelled-examples upload (JSONL): an import record (`outcomes`) or an evaluation
 * example (`strong` / `weak`, as in the committed synthetic sample), which becomes an import
 * record. Errors name what is wrong so the console can show them by line number.
 */
import {
  EvalExampleSchema,
  LabelledExampleSchema,
  type LabelledExample,
} from "@/lib/schemas/labelled-examples";
import { evalToLabelled } from "./labels";

export type ParsedLine = { ok: true; example: LabelledExample } | { ok: false; message: string };

/** Parses one non-blank line. */
export function parseExampleLine(line: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, message: "not valid JSON" };
  }
  const isEval = typeof json === "object" && json !== null && !("outcomes" in json);
  const parsed = isEval ? EvalExampleSchema.safeParse(json) : LabelledExampleSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return { ok: false, message: `${at}${issue?.message ?? "invalid"}` };
  }
  const example = "outcomes" in parsed.data ? parsed.data : evalToLabelled(parsed.data);
  return { ok: true, example };
}
