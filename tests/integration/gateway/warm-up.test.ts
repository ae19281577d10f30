// Start-up warm-up: after `warm()` the config cache is loaded and the token counter is ready, so
// the first request pays for neither.
import { afterAll, describe, expect, it } from "vitest";
import { createGatewayServices } from "@/lib/gateway/gateway-state";
import { loadTokenizer } from "@/lib/tokens";
import { createDecisionWriter } from "@/lib/telemetry/decision-writer";
import { closeTestDb, getTestDb } from "@/tests/support/db";

afterAll(closeTestDb);

describe("gateway warm-up", () => {
  it("loads the config cache and the tokenizers", async () => {
    const db = await getTestDb();
    const decisions = createDecisionWriter({ db });
    const services = createGatewayServices({ db, decisions, budget: null, metrics: null });
    try {
      await Promise.all([services.warm(), loadTokenizer()]);
      expect(services.countTokens()?.("hello world", "o200k_base")).toBeGreaterThan(0);
      // The generation loaded by warm() is the one requests get (no load on the first request).
      const first = await services.config.get();
      expect(await services.config.get()).toBe(first);
    } finally {
      await services.close();
      await decisions.close();
    }
  });
});
