import { describe, expect, it } from "vitest";
import { ApiProblem } from "@/lib/ui/api-problem";
import { mutationFieldErrors } from "./field-errors";

describe("mutationFieldErrors", () => {
  it("puts the API's field errors next to their fields (first message per field)", () => {
    const err = new ApiProblem(400, "validation_error", "Invalid body", [
      { path: "limitUsd", message: "Must be positive" },
      { path: "limitUsd", message: "second" },
      { path: "", message: "Body-level problem" },
    ]);
    expect(mutationFieldErrors(err)).toEqual({
      limitUsd: "Must be positive",
      _form: "Body-level problem",
    });
  });

  it("reports a problem without field errors, or any other error, as one form message", () => {
    expect(mutationFieldErrors(new ApiProblem(409, "conflict", "Slug taken"))).toEqual({
      _form: "Slug taken",
    });
    expect(mutationFieldErrors(new TypeError("Failed to fetch"))).toEqual({
      _form: "Failed to fetch",
    });
  });
});
