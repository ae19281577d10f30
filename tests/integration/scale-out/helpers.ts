// Fixtures and a small client for the scale-out tests: one fake upstream, one provider and two
// models priced so a request's worst case equals its actual cost ($0.05 for 50 output tokens),
// routes `main` and `safe`, and tenants with keys. Writes go through lib/db's console functions
// (the same transactions, audit rows and config-revision bumps as the console API).
import type { AuditActor } from "@/lib/db/audit";
import { createApiKey } from "@/lib/db/api-keys";
import type { PrismaClient } from "@/lib/db/engine/client";
import { bumpConfigRevision } from "@/lib/db/config-revision";
import type { FakeUpstream } from "@/tests/support/fake-upstream";

export const ACTOR: AuditActor = { id: null, email: "scale-out@test" };
/** 50 output tokens at $1,000 per million, no input price: worst case = actual = $0.05. */
export const MAX_TOKENS = 50;
export const WORST_CASE_USD = 0.05;

export async function createFixtures(db: PrismaClient, fake: FakeUpstream): Promise<void> {
  fake.setDefaultAnswer({ text: "ok", promptTokens: 10, completionTokens: MAX_TOKENS });
  const provider = await db.provider.create({
    data: {
      slug: "fake",
      name: "Fake upstream",
      kind: "openai_compatible",
      baseUrl: `${fake.url}/v1`,
      allowPrivateNetwork: true,
      requestTimeoutMs: 5000,
      connectTimeoutMs: 1000,
    },
  });
  for (const slug of ["main-model", "safe-model"]) {
    await db.model.create({
      data: {
        slug,
        providerId: provider.id,
        upstreamName: slug,
        displayName: slug,
        inputPricePerMTok: 0,
        outputPricePerMTok: 1000,
        contextWindow: 128_000,
        maxOutputTokens: 4096,
        capabilities: ["tools", "json", "streaming"],
        tier: "small",
      },
    });
  }
  for (const [route, model] of [
    ["main", "main-model"],
    ["safe", "safe-model"],
  ] as const) {
    const row = await db.route.create({ data: { slug: route } });
    const version = await db.policyVersion.create({
      data: {
        routeId: row.id,
        version: 1,
        document: { schemaVersion: 1, rules: [], default: { strategy: "single", model } },
        publishedAt: new Date(),
      },
    });
    await db.route.update({ where: { id: row.id }, data: { activeVersionId: version.id } });
  }
  await bumpConfigRevision(db, "routing");
  await bumpConfigRevision(db, "registry");
}

/** A tenant, its hard daily budget (if any) and an API key of its own. */
export async function createTenantWithKey(
  db: PrismaClient,
  slug: string,
  dailyLimitUsd?: number,
): Promise<{ tenantId: string; key: string; keyId: string }> {
  const tenant = await db.tenant.create({ data: { slug, name: slug, modelAllowlist: [] } });
  if (dailyLimitUsd !== undefined)
    await db.budget.create({
      data: {
        tenantId: tenant.id,
        period: "daily",
        limitUsd: dailyLimitUsd.toFixed(6),
        hardLimit: true,
        windowStart: new Date(),
      },
    });
  const created = await createApiKey(db, ACTOR, {
    tenantId: tenant.id,
    name: slug,
    scopes: ["chat", "models"],
  });
  return { tenantId: tenant.id, key: created.key, keyId: created.apiKey.id };
}

export interface ChatResult {
  status: number;
  decisionId: string | null;
  model: string;
  policyVersion: string;
  errorCode: string | null;
}

/**
 * The decision id of every authenticated request (each must have a decision row) and the count of
 * authenticated answers that carried none (must stay 0). A 401 writes no decision by design.
 */
export const seenDecisions = { ids: new Set<string>(), withoutId: 0 };

export async function chat(baseUrl: string, key: string, model = "main"): Promise<ChatResult> {
  const res = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model,
      max_tokens: MAX_TOKENS,
      messages: [{ role: "user", content: "Say hello." }],
    }),
  });
  const body = (await res.json()) as { error?: { code?: string | null } };
  const decisionId = res.headers.get("x-switchboard-decision-id");
  if (res.status !== 401) {
    if (decisionId) seenDecisions.ids.add(decisionId);
    else seenDecisions.withoutId += 1;
  }
  return {
    status: res.status,
    decisionId,
    model: res.headers.get("x-switchboard-model") ?? "",
    policyVersion: res.headers.get("x-switchboard-policy-version") ?? "",
    errorCode: body.error?.code ?? null,
  };
}

/**
 * Polls one instance until `observed` holds for its answer; resolves with the ms elapsed since
 * `since` (the moment the write committed). Rejects after `timeoutMs`.
 */
export async function msUntilObserved(
  baseUrl: string,
  key: string,
  observed: (r: ChatResult) => boolean,
  since: number,
  timeoutMs = 10_000,
): Promise<number> {
  for (;;) {
    const r = await chat(baseUrl, key);
    if (observed(r)) return performance.now() - since;
    if (performance.now() - since > timeoutMs)
      throw new Error(
        `not observed on ${baseUrl} within ${timeoutMs} ms (last: ${JSON.stringify(r)})`,
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
