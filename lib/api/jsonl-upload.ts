/**
 * Reads a JSONL upload of labelled examples as a stream: the byte cap is enforced while reading
 * (a large upload never sits in memory whole), each line is validated as it arrives, and bad lines
 * come back by line number. Nothing is returned unless every line is valid, so a half-good file is
 * never stored half.
 */
import { AppError } from "@/lib/errors";
import type { LabelledExample } from "@/lib/schemas/labelled-examples";
import { parseExampleLine } from "@/lib/scoring";

/** The largest upload accepted (the synthetic 1,200-example sample is about 0.6 MB). */
export const MAX_UPLOAD_BYTES = 8_000_000;
/** Line errors reported at most (the count says how many more). */
const MAX_LINE_ERRORS = 20;
const TYPES = ["application/x-ndjson", "application/jsonl", "application/json-lines", "text/plain"];

export async function readExamplesUpload(req: Request): Promise<LabelledExample[]> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!TYPES.includes(type))
    throw new AppError(
      "unsupported_media_type",
      "Send the examples as JSON Lines (application/x-ndjson), one example per line.",
    );
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES) throw tooLarge();
  if (!req.body) throw new AppError("invalid_request", "The upload is empty.");

  const examples: LabelledExample[] = [];
  const errors: { path: string; message: string }[] = [];
  let bad = 0;
  let lineNo = 0;
  const take = (line: string) => {
    lineNo++;
    if (line.trim() === "") return;
    const parsed = parseExampleLine(line);
    if (parsed.ok) examples.push(parsed.example);
    else if (++bad <= MAX_LINE_ERRORS)
      errors.push({ path: `line ${lineNo}`, message: parsed.message });
  };

  const decoder = new TextDecoder();
  const reader = req.body.getReader();
  let bytes = 0;
  let rest = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_UPLOAD_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    const lines = (rest + decoder.decode(value, { stream: true })).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) take(line);
  }
  take(rest + decoder.decode());

  if (bad > 0)
    throw new AppError(
      "validation_failed",
      `${bad} of ${lineNo} lines are not labelled examples${bad > errors.length ? ` (the first ${errors.length} are listed)` : ""}; nothing was imported.`,
      { details: errors },
    );
  if (examples.length === 0) throw new AppError("invalid_request", "The upload has no examples.");
  return examples;
}

function tooLarge(): AppError {
  return new AppError(
    "payload_too_large",
    `The upload is larger than ${MAX_UPLOAD_BYTES / 1_000_000} MB; split it into several imports.`,
  );
}
