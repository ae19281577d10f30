/**
 * The registry check of a policy document: which models and chains it names, and whether the
 * registry has them. The zod schema only proves the shape; a well-formed policy naming a model
 * that does not exist publishes fine and then answers `no_model_available` to every request.
 * Pure (values in, values out) so the publish endpoint and the editor run the same check.
 */
import type { Action, PolicyDocument } from "./policy";
import { MODEL_TIERS, type ModelTier } from "@/lib/vocabulary";

/** One model or chain a policy names, with where it is named. */
export interface PolicyReference {
  kind: "model" | "chain";
  slug: string;
  /** Path segments in the document, e.g. `["rules", 2, "then", "model"]`. */
  at: (string | number)[];
  /** The same path as JSON-path text, e.g. `rules[2].then.model`. */
  path: string;
  /** The id of the rule it sits in; null for the default action. */
  ruleId: string | null;
}

/** What the check needs to know of the registry (both the server and the console have it). */
export interface RegistryView {
  models: ReadonlyArray<{
    slug: string;
    enabled: boolean;
    providerEnabled: boolean;
    tier: ModelTier;
  }>;
  chains: ReadonlyArray<{ slug: string; steps: ReadonlyArray<{ modelSlug: string }> }>;
  /**
   * The route the policy is for: its stored scorer versions and whether it may read prompt text.
   * Absent (a route being created) means no versions and no content inspection.
   */
  route?: { scorerVersions: readonly number[]; contentInspection: boolean };
}

/** A problem found by the registry check, located like a reference. */
export interface ReferenceIssue {
  at: (string | number)[];
  path: string;
  message: string;
}

/** Errors refuse a publish; warnings are reported and published anyway. */
export interface ReferenceCheck {
  errors: ReferenceIssue[];
  warnings: ReferenceIssue[];
}

/** Renders path segments as JSON-path text: `rules[2].then.steps[0].model`. */
export function formatPath(at: readonly (string | number)[]): string {
  return at.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text === "" ? key : `${text}.${key}`,
    "",
  );
}

type Found = Omit<PolicyReference, "path" | "ruleId">;

function actionReferences(action: Action, at: (string | number)[]): Found[] {
  const model = (slug: string, ...rest: (string | number)[]): Found => ({
    kind: "model",
    slug,
    at: [...at, ...rest],
  });
  switch (action.strategy) {
    case "single":
      return [
        model(action.model, "model"),
        ...(action.fallbacks ?? []).map((slug, i) => model(slug, "fallbacks", i)),
      ];
    case "fallback":
      return [
        ...(action.chain === undefined
          ? []
          : [{ kind: "chain" as const, slug: action.chain, at: [...at, "chain"] }]),
        ...(action.steps ?? []).map((s, i) => model(s.model, "steps", i, "model")),
      ];
    case "cascade":
      return action.stages.map((s, i) => model(s.model, "stages", i, "model"));
    case "weighted":
      return action.variants.map((v, i) => model(v.model, "variants", i, "model"));
    case "score_band":
    case "latency_sla":
    case "cheapest":
    case "reject":
      return [];
  }
}

/** Every model and chain the document names (rules in order, then the default action). */
export function listPolicyReferences(doc: PolicyDocument): PolicyReference[] {
  const found: PolicyReference[] = [];
  const add = (refs: Found[], ruleId: string | null) => {
    for (const r of refs) found.push({ ...r, path: formatPath(r.at), ruleId });
  };
  doc.rules.forEach((rule, i) => add(actionReferences(rule.then, ["rules", i, "then"]), rule.id));
  add(actionReferences(doc.default, ["default"]), null);
  return found;
}

/** One score-band action's learned scorer, with where it is named. */
export interface ScorerReference {
  version: number;
  at: (string | number)[];
  ruleId: string | null;
}

/** Every learned scorer version the document names (the gateway loads exactly these). */
export function listScorerReferences(doc: PolicyDocument): ScorerReference[] {
  const found: ScorerReference[] = [];
  const visit = (action: Action, at: (string | number)[], ruleId: string | null) => {
    if (action.strategy === "score_band" && action.scorer)
      found.push({ version: action.scorer.version, at: [...at, "scorer", "version"], ruleId });
  };
  doc.rules.forEach((rule, i) => visit(rule.then, ["rules", i, "then"], rule.id));
  visit(doc.default, ["default"], null);
  return found;
}

const rank = (tier: ModelTier) => MODEL_TIERS.indexOf(tier);

/** Tier requirements (score bands, `minTier`): the pool holds that tier and the ones above. */
function tierRequirements(doc: PolicyDocument): { at: (string | number)[]; tier: ModelTier }[] {
  const out: { at: (string | number)[]; tier: ModelTier }[] = [];
  const visit = (action: Action, at: (string | number)[]) => {
    if (action.strategy === "score_band")
      action.bands.forEach((b, i) => out.push({ at: [...at, "bands", i, "tier"], tier: b.tier }));
    else if (
      (action.strategy === "cheapest" || action.strategy === "latency_sla") &&
      action.minTier !== undefined
    )
      out.push({ at: [...at, "minTier"], tier: action.minTier });
  };
  doc.rules.forEach((rule, i) => visit(rule.then, ["rules", i, "then"]));
  visit(doc.default, ["default"]);
  return out;
}

const where = (ref: PolicyReference) =>
  ref.ruleId === null ? "Default action" : `Rule "${ref.ruleId}"`;

/**
 * Checks a parsed document against the registry: an unknown model or chain is an error; a model
 * that is disabled (or whose provider is), a chain step on such a model, or a tier no enabled
 * model reaches is a warning (the gateway skips those and moves on, so the policy still works
 * while something else does).
 */
export function checkPolicyReferences(doc: PolicyDocument, registry: RegistryView): ReferenceCheck {
  const models = new Map(registry.models.map((m) => [m.slug, m]));
  const chains = new Map(registry.chains.map((c) => [c.slug, c]));
  const unusable = (slug: string): string | null => {
    const m = models.get(slug);
    if (!m) return `model "${slug}" is not in the registry`;
    if (!m.enabled) return `model "${slug}" is disabled`;
    if (!m.providerEnabled) return `the provider of model "${slug}" is disabled`;
    return null;
  };
  const check: ReferenceCheck = { errors: [], warnings: [] };
  const issue = (ref: { at: (string | number)[] }, message: string): ReferenceIssue => ({
    at: ref.at,
    path: formatPath(ref.at),
    message,
  });
  for (const ref of listPolicyReferences(doc)) {
    if (ref.kind === "chain") {
      const chain = chains.get(ref.slug);
      if (!chain) {
        check.errors.push(issue(ref, `${where(ref)}: no fallback chain named "${ref.slug}".`));
        continue;
      }
      for (const step of chain.steps) {
        const problem = unusable(step.modelSlug);
        if (problem) check.warnings.push(issue(ref, `Chain "${ref.slug}": ${problem}.`));
      }
    } else if (!models.has(ref.slug)) {
      check.errors.push(issue(ref, `${where(ref)}: no model named "${ref.slug}" in the registry.`));
    } else {
      const problem = unusable(ref.slug);
      if (problem)
        check.warnings.push(issue(ref, `${where(ref)}: ${problem}; it will be skipped.`));
    }
  }
  const route = registry.route ?? { scorerVersions: [], contentInspection: false };
  for (const ref of listScorerReferences(doc)) {
    const at = ref.ruleId === null ? "Default action" : `Rule "${ref.ruleId}"`;
    if (!route.scorerVersions.includes(ref.version))
      check.errors.push(
        issue(ref, `${at}: no learned scorer version ${ref.version} on this route.`),
      );
    // A learned scorer reads prompt text: refused like a content rule would be useless without it.
    else if (!route.contentInspection)
      check.errors.push(
        issue(
          ref,
          `${at}: learned scorer version ${ref.version} reads prompt text; turn on content inspection for the route first.`,
        ),
      );
  }
  const usable = registry.models.filter((m) => m.enabled && m.providerEnabled);
  for (const req of tierRequirements(doc)) {
    if (!usable.some((m) => rank(m.tier) >= rank(req.tier)))
      check.warnings.push(issue(req, `No enabled model of tier "${req.tier}" or above.`));
  }
  return check;
}
