import { describe, expect, it } from "vitest";
import type { PolicyDocumentInput } from "@/lib/schemas/policy";
import { decideDirectModel, decideRoute } from "./decide";
import { exampleModels } from "@/tests/support/router/examples";
import {
  buildTestFeatures,
  buildTestSnapshot,
  createTestContext,
} from "@/tests/support/router/testing";
import type { RoutingDecision } from "./decision-types";

const single = (model: string, fallbacks: string[] = []): PolicyDocumentInput => ({
  schemaVersion: 1,
  rules: [],
  default: { strategy: "single", model, fallbacks },
});

function models(decision: RoutingDecision): string[] {
  return decision.kind === "routed" ? decision.plan.steps.map((s) => s.model) : [];
}

function errorCode(decision: RoutingDecision): string | null {
  return decision.kind === "rejected" ? decision.error.code : null;
}

const ctx = createTestContext();
const image = { type: "image_url" as const, image_url: { url: "data:," } };

describe("always-on filters", () => {
  it.each([
    [
      "disabled",
      { models: exampleModels.map((m) => (m.slug === "gpt-4o" ? { ...m, enabled: false } : m)) },
      "disabled",
    ],
    [
      "outside the allowlist",
      { tenant: { modelAllowlist: ["claude-sonnet"] } },
      "not_in_allowlist",
    ],
    ["breaker open", { health: { "gpt-4o": { breaker: "open" as const } } }, "breaker_open"],
  ])("drops a model that is %s and keeps the fallback", (_name, patch, reason) => {
    const snapshot = buildTestSnapshot({ policy: single("gpt-4o", ["claude-sonnet"]), ...patch });
    const decision = decideRoute(buildTestFeatures(), snapshot, ctx);
    expect(models(decision)).toEqual(["claude-sonnet"]);
    expect(decision.trace.dropped).toContainEqual({ model: "gpt-4o", reason });
  });

  it("keeps half-open breakers (probe traffic)", () => {
    const snapshot = buildTestSnapshot({
      policy: single("gpt-4o"),
      health: { "gpt-4o": { breaker: "half_open" } },
    });
    expect(models(decideRoute(buildTestFeatures(), snapshot, ctx))).toEqual(["gpt-4o"]);
  });

  it("drops unknown models and models missing a capability", () => {
    const snapshot = buildTestSnapshot({
      policy: single("ghost", ["claude-haiku", "gpt-4o-mini"]),
    });
    const features = buildTestFeatures("look", { messages: [{ role: "user", content: [image] }] });
    const decision = decideRoute(features, snapshot, ctx);
    expect(models(decision)).toEqual(["gpt-4o-mini"]);
    expect(decision.trace.dropped).toEqual([
      { model: "ghost", reason: "unknown_model" },
      { model: "claude-haiku", reason: "missing_capability", detail: "vision" },
    ]);
  });

  it("drops models whose max output is below the request's", () => {
    const snapshot = buildTestSnapshot({ policy: single("claude-haiku", ["gpt-4o"]) });
    const decision = decideRoute(buildTestFeatures("x", { max_tokens: 10_000 }), snapshot, ctx);
    expect(models(decision)).toEqual(["gpt-4o"]);
  });

  it("substitutes a larger-context model of at least the same tier", () => {
    const snapshot = buildTestSnapshot({ policy: single("sim-small") });
    const decision = decideRoute(buildTestFeatures("word ".repeat(9000)), snapshot, ctx);
    expect(models(decision)[0]).toBe("gpt-4o-mini");
    expect(decision.trace.overrides[0]?.kind).toBe("larger_context");
    expect(decision.trace.dropped[0]).toMatchObject({
      model: "sim-small",
      reason: "context_window_too_small",
    });
  });

  it("rejects with context_length_exceeded when larger context is not allowed", () => {
    const policy = { ...single("sim-small"), settings: { allowLargerContext: false } };
    const decision = decideRoute(
      buildTestFeatures("word ".repeat(9000)),
      buildTestSnapshot({ policy }),
      ctx,
    );
    expect(decision.kind === "rejected" && decision.error).toMatchObject({
      code: "context_length_exceeded",
      httpStatus: 400,
      type: "invalid_request_error",
    });
  });

  it("counts exactly near the window when a counter is injected", () => {
    const mini = exampleModels.find((m) => m.slug === "gpt-4o-mini")!;
    const tight = { ...mini, contextWindow: 190, slug: "tight" };
    const snapshot = buildTestSnapshot({ policy: single("tight"), models: [tight] });
    const features = buildTestFeatures("hello ".repeat(60), { max_tokens: 100 });
    const calls: string[] = [];
    const counted = decideRoute(features, snapshot, {
      ...ctx,
      countTokens: (_text, family) => {
        calls.push(family);
        return 60;
      },
    });
    expect(models(counted)).toEqual(["tight"]);
    expect(calls).toEqual(["o200k_base"]);
    const estimated = decideRoute(
      buildTestFeatures("hello ".repeat(900), { max_tokens: 100 }),
      snapshot,
      ctx,
    );
    expect(errorCode(estimated)).toBe("context_length_exceeded");
  });
});

describe("overrides", () => {
  it("hard budget rejects with budget_exceeded", () => {
    const snapshot = buildTestSnapshot({
      policy: single("gpt-4o"),
      tenant: { budget: { state: "hard", fractionSpent: 1 } },
    });
    const decision = decideRoute(buildTestFeatures(), snapshot, ctx);
    expect(decision.kind === "rejected" && decision.error).toMatchObject({
      code: "budget_exceeded",
      httpStatus: 429,
    });
  });

  it("soft budget downgrades non-critical requests to the cheapest acceptable tier", () => {
    const policy = { ...single("gpt-4o"), settings: { downgradeMinTier: "small" as const } };
    const snapshot = buildTestSnapshot({
      policy,
      tenant: { budget: { state: "soft", fractionSpent: 0.9 } },
    });
    const normal = decideRoute(buildTestFeatures(), snapshot, ctx);
    expect(models(normal)[0]).toBe("sim-small");
    expect(normal.trace.overrides[0]).toEqual({
      kind: "budget_soft_downgrade",
      detail: "gpt-4o -> sim-small (90% spent)",
    });
    const critical = decideRoute(
      buildTestFeatures("x", {}, { priority: "critical" }),
      snapshot,
      ctx,
    );
    expect(models(critical)).toEqual(["gpt-4o"]);
    const ignoring = buildTestSnapshot({
      policy: { ...single("gpt-4o"), settings: { softBudget: "ignore" } },
      tenant: { budget: { state: "soft", fractionSpent: 0.9 } },
    });
    expect(models(decideRoute(buildTestFeatures(), ignoring, ctx))).toEqual(["gpt-4o"]);
  });

  it("rollback routes with the known-good route's policy", () => {
    const snapshot = buildTestSnapshot({
      policy: single("gpt-4o"),
      rollback: { routeSlug: "safe", policy: single("claude-sonnet") },
    });
    const decision = decideRoute(buildTestFeatures(), snapshot, ctx);
    expect(models(decision)).toEqual(["claude-sonnet"]);
    expect(decision.trace).toMatchObject({
      requestedRoute: "test",
      usedRoute: "safe",
      policyVersion: { id: "pv-rollback", version: 7 },
    });
    expect(decision.trace.overrides[0]?.kind).toBe("rollback");
  });

  it("rollback without a loaded target, or a route without a policy, is route_unavailable", () => {
    const base = buildTestSnapshot({ policy: single("gpt-4o") });
    const rollback = { ...base, rollback: { enabled: true, routeSlug: "safe", target: null } };
    expect(errorCode(decideRoute(buildTestFeatures(), rollback, ctx))).toBe("route_unavailable");
    const noPolicy = { ...base, route: { ...base.route, policy: null } };
    expect(errorCode(decideRoute(buildTestFeatures(), noPolicy, ctx))).toBe("route_unavailable");
  });

  it("falls back to the default action when the matched rule has no viable model", () => {
    const policy: PolicyDocumentInput = {
      schemaVersion: 1,
      rules: [
        {
          id: "r",
          when: { type: "tenant", in: ["tenant-1"] },
          then: { strategy: "single", model: "o3" },
        },
      ],
      default: { strategy: "single", model: "gpt-4o" },
    };
    const snapshot = buildTestSnapshot({ policy, health: { o3: { breaker: "open" } } });
    const decision = decideRoute(buildTestFeatures(), snapshot, ctx);
    expect(models(decision)).toEqual(["gpt-4o"]);
    expect(decision.trace.overrides[0]).toEqual({
      kind: "default_after_empty_rule",
      detail: "rule r",
    });
  });

  it("rejects with no_model_available (503) when a provider-side reason left nothing", () => {
    const snapshot = buildTestSnapshot({
      policy: single("gpt-4o"),
      health: { "gpt-4o": { breaker: "open" } },
    });
    const decision = decideRoute(buildTestFeatures(), snapshot, ctx);
    expect(decision.kind === "rejected" && decision.error).toMatchObject({
      code: "no_model_available",
      httpStatus: 503,
    });
  });

  it("answers a 4xx naming the reason when every drop is the caller's own (issue 13)", () => {
    const allowlisted = buildTestSnapshot({
      policy: single("gpt-4o"),
      tenant: { modelAllowlist: ["none"] },
    });
    expect(decideRoute(buildTestFeatures(), allowlisted, ctx)).toMatchObject({
      kind: "rejected",
      error: { code: "model_not_allowed", httpStatus: 403, param: "model" },
    });
    const snapshot = buildTestSnapshot({ policy: single("gpt-4o") });
    const huge = buildTestFeatures("hi", { max_tokens: 10_000_000 });
    expect(decideRoute(huge, snapshot, ctx)).toMatchObject({
      kind: "rejected",
      error: { code: "invalid_request", httpStatus: 400, param: "max_tokens" },
    });
  });
});

describe("decideDirectModel", () => {
  const snapshot = buildTestSnapshot({ policy: single("gpt-4o") });

  it("routes a named model with the filters applied", () => {
    const decision = decideDirectModel("claude-haiku", buildTestFeatures(), snapshot, ctx);
    expect(models(decision)).toEqual(["claude-haiku"]);
    const vision = buildTestFeatures("x", { messages: [{ role: "user", content: [image] }] });
    expect(decideDirectModel("claude-haiku", vision, snapshot, ctx)).toMatchObject({
      kind: "rejected",
      error: { code: "invalid_request", httpStatus: 400, param: "messages" },
    });
    const outside = buildTestSnapshot({
      policy: single("gpt-4o"),
      tenant: { modelAllowlist: ["gpt-4o"] },
    });
    expect(decideDirectModel("claude-haiku", buildTestFeatures(), outside, ctx)).toMatchObject({
      kind: "rejected",
      error: { code: "model_not_found", httpStatus: 404, param: "model" },
    });
  });

  it("answers model_not_found, context_length_exceeded and budget_exceeded", () => {
    expect(errorCode(decideDirectModel("ghost", buildTestFeatures(), snapshot, ctx))).toBe(
      "model_not_found",
    );
    const big = buildTestFeatures("word ".repeat(9000));
    expect(errorCode(decideDirectModel("sim-small", big, snapshot, ctx))).toBe(
      "context_length_exceeded",
    );
    const broke = {
      ...snapshot,
      tenant: { ...snapshot.tenant, budget: { state: "hard" as const, fractionSpent: 1 } },
    };
    expect(errorCode(decideDirectModel("gpt-4o", buildTestFeatures(), broke, ctx))).toBe(
      "budget_exceeded",
    );
  });
});
