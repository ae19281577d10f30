import { describe, expect, it } from "vitest";
import {
  BUDGET_PERIODS,
  DECISION_STATUSES,
  FEEDBACK_SOURCES,
  METRIC_TYPES,
  MODEL_TIERS,
  OPERATOR_ROLES,
  PROVIDER_KINDS,
} from "@/lib/vocabulary";
import {
  BudgetPeriod,
  DecisionStatus,
  FeedbackSource,
  MetricType,
  ModelTier,
  OperatorRole,
  ProviderKind,
} from "./generated/enums";

// The closed sets that are Prisma enums too: a schema change without the matching vocabulary
// change (or the reverse) fails here, not at a database write in production.
const pairs: [string, readonly string[], Record<string, string>][] = [
  ["ProviderKind", PROVIDER_KINDS, ProviderKind],
  ["ModelTier", MODEL_TIERS, ModelTier],
  ["BudgetPeriod", BUDGET_PERIODS, BudgetPeriod],
  ["DecisionStatus", DECISION_STATUSES, DecisionStatus],
  ["OperatorRole", OPERATOR_ROLES, OperatorRole],
  ["MetricType", METRIC_TYPES, MetricType],
  ["FeedbackSource", FEEDBACK_SOURCES, FeedbackSource],
];

describe("lib/vocabulary matches the Prisma enums", () => {
  it.each(pairs)("%s", (_name, vocabulary, prismaEnum) => {
    expect(new Set(vocabulary)).toEqual(new Set(Object.values(prismaEnum)));
    expect(new Set(vocabulary).size).toBe(vocabulary.length);
  });
});
