import { describe, expect, it } from "vitest";
import { AppError, toOpenAIError, toProblem } from "./errors";

describe("error serialization", () => {
  it("maps an AppError to OpenAI's shape and status", () => {
    const s = toOpenAIError(
      new AppError("invalid_api_key", "Incorrect API key provided."),
      "req_1",
    );
    expect(s.status).toBe(401);
    expect(s.body).toEqual({
      error: {
        message: "Incorrect API key provided.",
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    });
  });

  it("hides unknown errors behind a generic 500 with the request id", () => {
    const s = toOpenAIError(new Error("secret sk-live-123 leaked in stack"), "req_2");
    expect(s.status).toBe(500);
    expect(JSON.stringify(s.body)).not.toContain("sk-live-123");
    expect(JSON.stringify(s.body)).toContain("req_2");
  });

  it("produces problem+json with field errors", () => {
    const s = toProblem(
      new AppError("validation_failed", "Invalid body", {
        details: [{ path: "rules.0.when", message: "Required" }],
      }),
      "req_3",
    );
    expect(s.headers["content-type"]).toBe("application/problem+json");
    expect(s.body).toMatchObject({
      status: 400,
      requestId: "req_3",
      errors: [{ path: "rules.0.when" }],
    });
  });
});
