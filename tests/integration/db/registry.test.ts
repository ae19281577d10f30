import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptSecret } from "@/lib/db/crypto";
import { loadGatewayConfig } from "@/lib/db/gateway-config";
import { loadRegistry } from "@/lib/db/registry";
import { buildGatewayConfig } from "@/lib/gateway/load-config";
import { setupTestDb, uniqueSuffix } from "../../support/db";

const getDb = setupTestDb();

// The console's dry run and the live gateway used to map rows to registry models separately, and
// the dry run ignored the provider's state: a draft could be "tested" against models the gateway
// would never call. Both now go through lib/db/registry.ts; this pins that they agree.
describe("registry mapping", () => {
  it("gives the dry run the registry the gateway routes over, for the same rows", async () => {
    const db = await getDb();
    const key = crypto.randomBytes(32);
    const otherKey = crypto.randomBytes(32);
    const s = uniqueSuffix();
    const provider = (slug: string, data: { enabled?: boolean; credential?: Buffer }) =>
      db.provider.create({
        data: {
          slug: `${slug}-${s}`,
          name: slug,
          kind: "openai_compatible",
          baseUrl: "https://example.test/v1",
          enabled: data.enabled ?? true,
          credentialCiphertext: data.credential ? encryptSecret("sk-test", data.credential) : null,
        },
      });
    const live = await provider("live", { credential: key });
    const off = await provider("off", { enabled: false });
    const badKey = await provider("bad-key", { credential: otherKey });
    const model = (slug: string, providerId: string, extra: { enabled?: boolean } = {}) =>
      db.model.create({
        data: {
          slug: `${slug}-${s}`,
          providerId,
          upstreamName: slug,
          displayName: slug,
          inputPricePerMTok: "0.150000",
          outputPricePerMTok: "0.600000",
          cachedInputPricePerMTok: "0.075000",
          contextWindow: 128_000,
          maxOutputTokens: 16_384,
          capabilities: ["tools", "vision", "not-a-capability"],
          tier: "small",
          tokenizer: "o200k_base",
          enabled: extra.enabled ?? true,
        },
      });
    const ok = await model("ok", live.id);
    await model("disabled", live.id, { enabled: false });
    await model("provider-off", off.id);
    await model("provider-bad-key", badKey.id);
    await db.fallbackChain.create({
      data: {
        slug: `chain-${s}`,
        name: "chain",
        triggers: ["timeout", "not-a-class"],
        steps: { create: [{ position: 0, modelId: ok.id, timeoutMs: 1000, maxRetries: 1 }] },
      },
    });

    const gateway = buildGatewayConfig(await loadGatewayConfig(db, key), new Map(), 0);
    const dryRun = await loadRegistry(db, key);

    expect(dryRun.models).toEqual(gateway.models);
    expect(dryRun.chains).toEqual(gateway.chains);
    const enabled = (slug: string) => dryRun.models.get(`${slug}-${s}`)?.enabled;
    expect(enabled("ok")).toBe(true);
    expect(enabled("disabled")).toBe(false);
    expect(enabled("provider-off")).toBe(false);
    expect(enabled("provider-bad-key")).toBe(false);
    expect(dryRun.models.get(`ok-${s}`)).toMatchObject({
      providerKind: "openai_compatible",
      inputPricePerMTok: 0.15,
      outputPricePerMTok: 0.6,
      cachedInputPricePerMTok: 0.075,
      capabilities: ["tools", "vision"],
      tokenizer: "o200k_base",
    });
    expect(dryRun.chains.get(`chain-${s}`)?.triggers).toEqual(["timeout"]);
  });
});
