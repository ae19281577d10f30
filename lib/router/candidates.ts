/** Always-on candidate filters and candidate pools, shared by every strategy. */
import type { PolicySettings } from "@/lib/schemas/policy";
import { estimateExpectedCostUsd } from "./cost";
import type { RequestFeatures } from "./features-types";
import { ESTIMATE_MARGIN } from "@/lib/tokens";
import type { DropReason, DroppedCandidate } from "./decision-types";
import type { RegistryModel, RegistrySnapshot, RoutingContext } from "./types";
import type { Capability, ModelTier, TokenizerFamily } from "@/lib/vocabulary";

/** Tier order, cheapest first. */
export const TIER_RANK: Readonly<Record<ModelTier, number>> = {
  small: 0,
  medium: 1,
  large: 2,
  frontier: 3,
};

/** Per-decision working state of the filters. */
export interface FilterEnv {
  snapshot: RegistrySnapshot;
  features: RequestFeatures;
  context: RoutingContext;
  settings: Pick<PolicySettings, "outputReserveTokens">;
  dropped: DroppedCandidate[];
  /** Exact prompt token counts per tokenizer family, counted at most once. */
  exactTokens: Map<TokenizerFamily, number>;
}

/** Extra requirements an action adds on top of the request's own. */
export interface Requirements {
  capabilities?: readonly Capability[];
  minTier?: ModelTier;
}

type Check =
  { ok: true; model: RegistryModel } | { ok: false; reason: DropReason; detail?: string };

/** Runs every always-on filter on one model slug; drops are recorded once in `env.dropped`. */
export function filterCandidate(
  slug: string,
  env: FilterEnv,
  req: Requirements = {},
): RegistryModel | null {
  const check = checkCandidate(slug, env, req);
  if (check.ok) return check.model;
  if (!env.dropped.some((d) => d.model === slug && d.reason === check.reason)) {
    env.dropped.push(
      check.detail === undefined
        ? { model: slug, reason: check.reason }
        : { model: slug, reason: check.reason, detail: check.detail },
    );
  }
  return null;
}

function checkCandidate(slug: string, env: FilterEnv, req: Requirements): Check {
  const { snapshot, features } = env;
  const model = snapshot.models.get(slug);
  if (!model) return { ok: false, reason: "unknown_model" };
  if (!model.enabled) return { ok: false, reason: "disabled" };
  const allowlist = snapshot.tenant.modelAllowlist;
  if (allowlist.length > 0 && !allowlist.includes(slug))
    return { ok: false, reason: "not_in_allowlist" };
  if (snapshot.health.get(slug)?.breaker === "open") return { ok: false, reason: "breaker_open" };
  const missing = findMissingCapability(model, features.requiredCapabilities, req.capabilities);
  if (missing) return { ok: false, reason: "missing_capability", detail: missing };
  if (req.minTier && TIER_RANK[model.tier] < TIER_RANK[req.minTier]) {
    return { ok: false, reason: "below_min_tier", detail: `${model.tier} < ${req.minTier}` };
  }
  if (features.maxOutputTokens !== null && features.maxOutputTokens > model.maxOutputTokens) {
    return { ok: false, reason: "max_output_too_small", detail: `max ${model.maxOutputTokens}` };
  }
  return checkContextWindow(model, env);
}

function findMissingCapability(
  model: RegistryModel,
  required: readonly Capability[],
  extra: readonly Capability[] | undefined,
): Capability | null {
  for (const cap of required) if (!model.capabilities.includes(cap)) return cap;
  for (const cap of extra ?? []) if (!model.capabilities.includes(cap)) return cap;
  return null;
}

/**
 * Input plus output must fit the window. The estimate is trusted with a margin; when the
 * estimate lands within the margin of the window and the model's tokenizer is known and a
 * counter is injected, the prompt is counted exactly (once per tokenizer family).
 */
function checkContextWindow(model: RegistryModel, env: FilterEnv): Check {
  const { features } = env;
  const output =
    features.maxOutputTokens ?? Math.min(env.settings.outputReserveTokens, model.maxOutputTokens);
  const upper = Math.ceil(features.estimatedInputTokens * (1 + ESTIMATE_MARGIN));
  if (upper + output <= model.contextWindow) return { ok: true, model };
  let input = upper;
  let method = "estimate+margin";
  if (model.tokenizer && env.context.countTokens) {
    input = countExactTokens(model.tokenizer, env);
    method = "exact";
  }
  if (input + output <= model.contextWindow) return { ok: true, model };
  return {
    ok: false,
    reason: "context_window_too_small",
    detail: `needs ${input}+${output} tokens (${method}), window ${model.contextWindow}`,
  };
}

function countExactTokens(family: TokenizerFamily, env: FilterEnv): number {
  let count = env.exactTokens.get(family);
  if (count === undefined) {
    const counter = env.context.countTokens;
    const text = env.features.content.tokenText();
    count = (counter ? counter(text, family) : 0) + env.features.overheadTokens;
    env.exactTokens.set(family, count);
  }
  return count;
}

/** Viable registry models meeting `req`, cheapest expected cost first (slug breaks ties). */
export function listPool(env: FilterEnv, req: Requirements): RegistryModel[] {
  const pool: { model: RegistryModel; cost: number }[] = [];
  for (const slug of env.snapshot.models.keys()) {
    const model = filterCandidate(slug, env, req);
    if (model) {
      pool.push({
        model,
        cost: estimateExpectedCostUsd(model, env.features, env.settings.outputReserveTokens),
      });
    }
  }
  pool.sort((a, b) => a.cost - b.cost || (a.model.slug < b.model.slug ? -1 : 1));
  return pool.map((entry) => entry.model);
}
