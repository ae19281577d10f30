import { describe, expect, it } from "vitest";
import { isFastPath } from "./node-server";

describe("isFastPath", () => {
  it.each([
    ["/v1/chat/completions", true],
    ["/v1/models", true],
    ["/api/v1/chat/completions", true],
    ["/api/console/routes", false],
    ["/v10/x", false],
    ["/", false],
    [undefined, false],
  ])("%s → %s", (url, expected) => {
    expect(isFastPath(url)).toBe(expected);
  });
});
