/** Body rules shared by both `/v1` transports: JSON only (415), 4 MB max (413), valid JSON (400). */
import type { ParsedBody } from "@/lib/gateway/types";
import { AppError } from "../errors";

export const MAX_V1_BODY_BYTES = 4 * 1024 * 1024;

export function tooLarge(): ParsedBody {
  return {
    kind: "error",
    error: new AppError(
      "payload_too_large",
      `The request body exceeds ${MAX_V1_BODY_BYTES} bytes.`,
      {
        param: "body",
      },
    ),
  };
}

/** Checks the declared type and length before reading; null means "read the body". */
export function precheckBody(
  contentType: string | null,
  contentLength: string | null,
): ParsedBody | null {
  if (contentLength !== null && Number(contentLength) > MAX_V1_BODY_BYTES) return tooLarge();
  if (contentLength === "0") return { kind: "none" };
  if (contentType === null || !/^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim())) {
    return {
      kind: "error",
      error: new AppError(
        "unsupported_media_type",
        "Send the body as JSON (Content-Type: application/json).",
        {
          param: "content-type",
        },
      ),
    };
  }
  return null;
}

export function parseBodyText(text: string): ParsedBody {
  if (text.trim() === "") return { kind: "none" };
  try {
    return { kind: "json", value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 200)}` : "";
    return {
      kind: "error",
      error: new AppError("invalid_request", `The request body is not valid JSON${detail}.`, {
        param: "body",
      }),
    };
  }
}
