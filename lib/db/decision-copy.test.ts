import { describe, expect, it } from "vitest";
import type { DecisionRecord } from "@/lib/decision-log/decision-record";
import {
  ATTEMPT_COPY_COLUMNS,
  copyText,
  DECISION_COPY_COLUMNS,
  encodeDecision,
  jsonbSafe,
} from "./decision-copy";

const createdAt = new Date(Date.UTC(2026, 11, 6, 8, 30, 15, 123));
const features: DecisionRecord["features"] = {
  estimatedInputTokens: 120,
  overheadTokens: 7,
  maxOutputTokens: null,
  messageCount: 1,
  conversationTurns: 1,
  hasTools: false,
  hasImages: false,
  responseFormat: "text",
  stream: false,
  requiredCapabilities: [],
  metadata: {
    task: "chat",
    userTier: null,
    latencyClass: null,
    tags: ["a"],
    endUserId: "user-1",
    priority: "normal",
  },
  hasJsonSchema: false,
};

function record(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    id: "6f1c2c1e-6b0e-4c0f-9f43-0d7d2c8a1b11",
    requestId: "req_abc",
    createdAt,
    tenantId: "0b6f7a9e-3f1e-4a51-8c1d-5a2f1e0c9d22",
    apiKeyId: null,
    endUserId: "user-1",
    routeSlug: "auto",
    policyVersionId: null,
    policyVersion: 4,
    ruleMatched: "short",
    strategy: "fallback",
    features,
    trace: { rules: [] },
    gateResults: [],
    escalated: false,
    fellBack: true,
    streamed: false,
    finalModel: "small",
    finalProvider: "sim",
    status: "success",
    errorClass: null,
    httpStatus: 200,
    latencyMs: 12.6,
    ttftMs: null,
    inputTokens: 10,
    outputTokens: 5,
    cachedTokens: 0,
    usageEstimated: false,
    costUsd: 0.0000063,
    baselineCostUsd: 0.00002,
    savingsUsd: 0.0000137,
    promptHash: "ff",
    content: null,
    isDemo: false,
    attempts: [
      {
        position: 0,
        kind: "attempt",
        model: "small",
        provider: "sim",
        startedAt: createdAt,
        ttftMs: 3.4,
        durationMs: 11,
        outcome: "success",
        errorClass: null,
        httpStatus: 200,
        inputTokens: 10,
        outputTokens: 5,
        cachedTokens: 0,
        costUsd: 0.0000063,
        gate: { passed: true },
      },
    ],
    ...overrides,
  };
}

/** Splits a COPY line into fields (without unescaping). */
const fields = (line: string): string[] => line.replace(/\n$/, "").split("\t");

describe("COPY text encoding of decisions", () => {
  it("writes one decision line and one line per attempt, in the declared column order", () => {
    const encoded = encodeDecision(record());
    const d = fields(encoded.decisionLine);
    expect(d).toHaveLength(DECISION_COPY_COLUMNS.length);
    const col = (name: (typeof DECISION_COPY_COLUMNS)[number]): string | undefined =>
      d[DECISION_COPY_COLUMNS.indexOf(name)];
    expect(col("createdAt")).toBe("2026-12-06T08:30:15.123Z");
    expect(col("apiKeyId")).toBe("\\N");
    expect(col("policyVersion")).toBe("4");
    expect(col("features")).toBe(JSON.stringify(features));
    expect(col("fellBack")).toBe("t");
    expect(col("latencyMs")).toBe("13");
    expect(col("ttftMs")).toBe("\\N");
    expect(col("costUsd")).toBe("0.00000630");
    expect(col("content")).toBe("\\N");
    const a = fields(encoded.attemptLines);
    expect(a).toHaveLength(ATTEMPT_COPY_COLUMNS.length);
    expect(a[1]).toBe(record().id);
    expect(a[ATTEMPT_COPY_COLUMNS.indexOf("ttftMs")]).toBe("3");
    expect(a[ATTEMPT_COPY_COLUMNS.indexOf("gate")]).toBe('{"passed":true}');
    expect(encodeDecision(record({ attempts: [] })).attemptLines).toBe("");
    const two = encodeDecision(
      record({ attempts: [record().attempts[0]!, record().attempts[0]!] }),
    );
    expect(two.attemptLines.split("\n")).toHaveLength(3); // two lines, each newline-terminated
  });

  it("keeps only what the rollup fold reads", () => {
    const r = record();
    expect(encodeDecision(r).rollup).toEqual({
      createdAt: r.createdAt,
      routeSlug: "auto",
      finalModel: "small",
      tenantId: r.tenantId,
      policyVersion: 4,
      status: "success",
      escalated: false,
      fellBack: true,
      inputTokens: 10,
      outputTokens: 5,
      costUsd: r.costUsd,
      baselineCostUsd: r.baselineCostUsd,
      latencyMs: 12.6,
      isDemo: false,
    });
  });

  it("escapes COPY's special characters so a value never splits a row or a column", () => {
    expect(copyText("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(copyText("nul\0here")).toBe("nulhere");
    expect(copyText(null)).toBe("\\N");
    expect(copyText("\\N")).toBe("\\\\N"); // the text "\N" is not NULL
    const line = encodeDecision(record({ endUserId: "x\ty\nz" })).decisionLine;
    expect(fields(line)).toHaveLength(DECISION_COPY_COLUMNS.length);
    expect(line.indexOf("\n")).toBe(line.length - 1);
  });

  it("makes JSON that jsonb accepts: no \\u0000, no unpaired surrogates, escapes kept intact", () => {
    expect(jsonbSafe(JSON.stringify({ a: "x\u0000y" }))).toBe('{"a":"xy"}');
    expect(jsonbSafe(JSON.stringify("lone \ud800 high"))).toBe('"lone \\ufffd high"');
    expect(jsonbSafe(JSON.stringify("lone \udc00 low"))).toBe('"lone \\ufffd low"');
    // A literal backslash followed by the text u0000 is not an escape.
    const literal = JSON.stringify("\\u0000");
    expect(jsonbSafe(literal)).toBe(literal);
    // Pairs and ordinary control escapes pass.
    expect(jsonbSafe(JSON.stringify("😀 \u0001"))).toBe(JSON.stringify("😀 \u0001"));
    const captured = encodeDecision(record({ content: { messages: "hi\u0000\ud800" } }));
    expect(captured.decisionLine).toContain('{"messages":"hi\\\\ufffd"}');
  });
});
