import { describe, expect, it } from "vitest";
import type { Condition, PolicyDocumentInput } from "@/lib/schemas/policy";
import { decideRoute } from "./decide";
import type { ClientMetadataInput } from "./features";
import type { ChatCompletionRequest } from "@/lib/schemas/openai-chat";
import {
  buildTestFeatures,
  buildTestSnapshot,
  createTestContext,
} from "@/tests/support/router/testing";
import type { TenantSnapshot } from "./types";

interface Case {
  name: string;
  when: Condition;
  holds: boolean;
  text?: string;
  body?: Partial<ChatCompletionRequest>;
  metadata?: ClientMetadataInput;
  tenant?: Partial<TenantSnapshot>;
  inspect?: boolean;
  nowMs?: number;
}

const WED_NOON = Date.UTC(2026, 0, 14, 12);
const SAT_NOON = Date.UTC(2026, 0, 17, 12);
const long = "word ".repeat(2000);

const cases: Case[] = [
  {
    name: "metadata equals",
    when: { type: "metadata", field: "task", equals: "faq" },
    metadata: { task: "faq" },
    holds: true,
  },
  {
    name: "metadata equals (other)",
    when: { type: "metadata", field: "task", equals: "faq" },
    metadata: { task: "x" },
    holds: false,
  },
  {
    name: "metadata missing",
    when: { type: "metadata", field: "userTier", equals: "pro" },
    holds: false,
  },
  {
    name: "metadata in",
    when: { type: "metadata", field: "userTier", in: ["pro", "team"] },
    metadata: { userTier: "team" },
    holds: true,
  },
  {
    name: "latency class",
    when: { type: "metadata", field: "latencyClass", equals: "batch" },
    metadata: { latencyClass: "batch" },
    holds: true,
  },
  {
    name: "priority defaults to normal",
    when: { type: "metadata", field: "priority", equals: "normal" },
    holds: true,
  },
  {
    name: "end user from body.user",
    when: { type: "metadata", field: "endUserId", equals: "u1" },
    body: { user: "u1" },
    holds: true,
  },
  {
    name: "metadata from body map",
    when: { type: "metadata", field: "task", equals: "faq" },
    body: { metadata: { task: "faq" } },
    holds: true,
  },
  {
    name: "tag",
    when: { type: "tag", anyOf: ["vip", "beta"] },
    metadata: { tags: "a, beta" },
    holds: true,
  },
  {
    name: "tag absent",
    when: { type: "tag", anyOf: ["vip"] },
    metadata: { tags: ["a"] },
    holds: false,
  },
  { name: "tenant", when: { type: "tenant", in: ["tenant-1"] }, holds: true },
  { name: "tenant other", when: { type: "tenant", in: ["t-9"] }, holds: false },
  {
    name: "input tokens gt",
    when: { type: "numeric", field: "inputTokens", op: "gt", value: 1000 },
    text: long,
    holds: true,
  },
  {
    name: "input tokens lt",
    when: { type: "numeric", field: "inputTokens", op: "lt", value: 1000 },
    holds: true,
  },
  {
    name: "max output (reserve when unset)",
    when: { type: "numeric", field: "maxOutputTokens", op: "eq", value: 1024 },
    holds: true,
  },
  {
    name: "max output requested",
    when: { type: "numeric", field: "maxOutputTokens", op: "gte", value: 4000 },
    body: { max_tokens: 4000 },
    holds: true,
  },
  {
    name: "total tokens",
    when: { type: "numeric", field: "totalTokens", op: "gt", value: 2000 },
    text: long,
    holds: true,
  },
  {
    name: "message count",
    when: { type: "numeric", field: "messageCount", op: "lte", value: 1 },
    holds: true,
  },
  {
    name: "conversation turns",
    when: { type: "numeric", field: "conversationTurns", op: "gt", value: 1 },
    holds: false,
  },
  {
    name: "capabilities",
    when: { type: "capabilities", requires: ["tools"] },
    body: { tools: [{ type: "function", function: { name: "f" } }] },
    holds: true,
  },
  {
    name: "capabilities missing",
    when: { type: "capabilities", requires: ["vision"] },
    holds: false,
  },
  {
    name: "budget state",
    when: { type: "budget", state: ["soft"] },
    tenant: { budget: { state: "soft", fractionSpent: 0.85 } },
    holds: true,
  },
  {
    name: "budget fraction",
    when: { type: "budget", fractionSpent: { op: "gte", value: 0.5 } },
    holds: false,
  },
  {
    name: "time window inside",
    when: { type: "time_window", start: "09:00", end: "17:00", utcOffsetMinutes: 0 },
    holds: true,
  },
  {
    name: "time window offset",
    when: { type: "time_window", start: "09:00", end: "17:00", utcOffsetMinutes: 360 },
    holds: false,
  },
  {
    name: "time window wraps midnight",
    when: { type: "time_window", start: "22:00", end: "13:00", utcOffsetMinutes: 0 },
    holds: true,
  },
  {
    name: "time window weekend",
    when: { type: "time_window", days: [0, 6], start: "00:00", end: "23:59", utcOffsetMinutes: 0 },
    nowMs: SAT_NOON,
    holds: true,
  },
  {
    name: "time window weekday",
    when: { type: "time_window", days: [0, 6], start: "00:00", end: "23:59", utcOffsetMinutes: 0 },
    holds: false,
  },
  {
    name: "keywords",
    when: { type: "keywords", anyOf: ["Chargeback"] },
    text: "I filed a CHARGEBACK",
    inspect: true,
    holds: true,
  },
  {
    name: "keywords case sensitive",
    when: { type: "keywords", anyOf: ["Chargeback"], caseSensitive: true },
    text: "a chargeback",
    inspect: true,
    holds: false,
  },
  {
    name: "keywords without inspection",
    when: { type: "keywords", anyOf: ["chargeback"] },
    text: "chargeback",
    holds: false,
  },
  {
    name: "regex",
    when: { type: "regex", pattern: "order #?\\d{4}" },
    text: "Order #1234 late",
    inspect: true,
    holds: true,
  },
  {
    name: "regex without inspection",
    when: { type: "regex", pattern: "order" },
    text: "order",
    holds: false,
  },
  {
    name: "all",
    when: {
      type: "all",
      conditions: [
        { type: "tenant", in: ["tenant-1"] },
        { type: "tag", anyOf: ["x"] },
      ],
    },
    holds: false,
  },
  {
    name: "any",
    when: {
      type: "any",
      conditions: [
        { type: "tag", anyOf: ["x"] },
        { type: "tenant", in: ["tenant-1"] },
      ],
    },
    holds: true,
  },
  { name: "not", when: { type: "not", condition: { type: "tag", anyOf: ["x"] } }, holds: true },
];

describe("conditions", () => {
  it.each(cases)("$name", (c) => {
    const policy: PolicyDocumentInput = {
      schemaVersion: 1,
      rules: [{ id: "r", when: c.when, then: { strategy: "single", model: "gpt-4o-mini" } }],
      default: { strategy: "single", model: "gpt-4o" },
    };
    const snapshot = buildTestSnapshot({
      policy,
      tenant: c.tenant,
      route: { contentInspection: c.inspect ?? false },
    });
    const features = buildTestFeatures(c.text, c.body, c.metadata);
    const decision = decideRoute(features, snapshot, createTestContext(1, c.nowMs ?? WED_NOON));
    expect(decision.trace.matchedRule).toBe(c.holds ? "r" : null);
    expect(decision.trace.rules[0]?.conditions[0]?.held).toBe(c.holds);
  });

  it("traces content conditions as skipped when inspection is off", () => {
    const policy: PolicyDocumentInput = {
      schemaVersion: 1,
      rules: [
        {
          id: "r",
          when: { type: "keywords", anyOf: ["x"] },
          then: { strategy: "single", model: "gpt-4o-mini" },
        },
      ],
      default: { strategy: "single", model: "gpt-4o" },
    };
    const decision = decideRoute(
      buildTestFeatures("x"),
      buildTestSnapshot({ policy }),
      createTestContext(),
    );
    expect(decision.trace.rules[0]?.conditions[0]?.note).toContain("content inspection is off");
  });

  it("short-circuits and records paths of evaluated conditions only", () => {
    const policy: PolicyDocumentInput = {
      schemaVersion: 1,
      rules: [
        {
          id: "r",
          when: {
            type: "all",
            conditions: [
              { type: "tag", anyOf: ["x"] },
              { type: "tenant", in: ["tenant-1"] },
            ],
          },
          then: { strategy: "single", model: "gpt-4o-mini" },
        },
      ],
      default: { strategy: "single", model: "gpt-4o" },
    };
    const decision = decideRoute(
      buildTestFeatures(),
      buildTestSnapshot({ policy }),
      createTestContext(),
    );
    expect(decision.trace.rules[0]?.conditions.map((c) => [c.path, c.held])).toEqual([
      ["when", false],
      ["when.all[0]", false],
    ]);
  });

  it("caps the scanned content length", () => {
    const policy: PolicyDocumentInput = {
      schemaVersion: 1,
      settings: { maxScanChars: 100 },
      rules: [
        {
          id: "r",
          when: { type: "keywords", anyOf: ["needle"] },
          then: { strategy: "single", model: "gpt-4o-mini" },
        },
      ],
      default: { strategy: "single", model: "gpt-4o" },
    };
    const snapshot = buildTestSnapshot({ policy, route: { contentInspection: true } });
    const decision = decideRoute(
      buildTestFeatures(`${"a".repeat(200)} needle`),
      snapshot,
      createTestContext(),
    );
    expect(decision.trace.matchedRule).toBeNull();
  });
});
