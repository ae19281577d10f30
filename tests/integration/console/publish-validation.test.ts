import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../../support/app-server";
import { signInDemoRoles, startConsoleApp, type ConsoleClient } from "../../support/console-client";

/**
 * Publishing proves a policy against the registry (issue 15): a policy naming a model or chain
 * that does not exist is refused with the field named, and nothing ships (before, it published
 * and the route answered 503 `no_model_available` to every request); a disabled model publishes
 * with a warning.
 */
interface Problem {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}
interface Published {
  id: string;
  version: number;
  warnings: { path: string; message: string }[];
}
interface RouteView {
  activeVersion: { id: string; version: number } | null;
}
interface ModelView {
  id: string;
  slug: string;
  enabled: boolean;
}

const when = { type: "metadata", field: "task", equals: "faq" };
const doc = (model: string, fallback = model) => ({
  schemaVersion: 1,
  rules: [{ id: "faq", when, then: { strategy: "single", model } }],
  default: { strategy: "single", model: fallback },
});

describe("console API: publish validates the policy against the registry", () => {
  let app: AppServer;
  let as: Awaited<ReturnType<typeof signInDemoRoles>>;
  let editor: ConsoleClient;
  let api: OpenAI | null;
  let usable: string;
  let other: ModelView;
  const slug = "it-publish-checks";
  const versions = `/api/console/routes/${slug}/versions`;

  beforeAll(async () => {
    app = await startConsoleApp();
    as = await signInDemoRoles(app.url);
    editor = as.editor;
    api = app.apiKey
      ? new OpenAI({ apiKey: app.apiKey, baseURL: `${app.url}/v1`, maxRetries: 0 })
      : null;
    const models = (await as.viewer.get<{ models: ModelView[] }>("/api/console/models")).body
      .models;
    // A model the demo key may use, so the route serves through the gateway.
    const listed = new Set((await api?.models.list())?.data.map((m) => m.id) ?? []);
    usable = models.find((m) => m.enabled && listed.has(m.slug))?.slug ?? models[0]!.slug;
    other = models.find((m) => m.enabled && m.slug !== usable)!;
    const created = await editor.post("/api/console/routes", { slug, document: doc(usable) });
    expect(created.status).toBe(201);
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  const activeVersion = async () =>
    (await as.viewer.get<RouteView>(`/api/console/routes/${slug}`)).body.activeVersion;
  const versionCount = async () =>
    (await as.viewer.get<{ versions: unknown[] }>(versions)).body.versions.length;

  it("publishes a policy whose models all exist and are enabled, with no warnings", async () => {
    const res = await editor.post<Published>(versions, {
      document: doc(usable),
      comment: "same again",
    });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([]);
  });

  it("refuses an unknown model with the field named; nothing is published; the route still serves", async () => {
    const before = await activeVersion();
    const res = await editor.post<Problem>(versions, {
      document: doc("no-such-model", usable),
      comment: "typo",
      baseVersionId: before?.id,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.errors).toEqual([
      {
        path: "document.rules[0].then.model",
        message: 'Rule "faq": no model named "no-such-model" in the registry.',
      },
    ]);
    expect(res.body.detail).toContain("no-such-model");
    expect(await activeVersion()).toEqual(before);
    expect(await versionCount()).toBe(2);

    if (api) {
      // The route was created moments ago; instances see it within one revision poll (500 ms).
      const ask = () =>
        api!.chat.completions.create({
          model: slug,
          messages: [{ role: "user", content: "still there?" }],
        });
      let answer = await ask().catch(() => null);
      for (let i = 0; i < 20 && answer === null; i++) {
        await new Promise((r) => setTimeout(r, 200));
        answer = await ask().catch((e: unknown) => (i === 19 ? Promise.reject(e) : null));
      }
      expect(answer?.choices[0]?.message).toBeDefined();
    }
  });

  it("refuses an unknown chain in the default action, and the dry run refuses it too", async () => {
    const document = {
      schemaVersion: 1,
      rules: [],
      default: { strategy: "fallback", chain: "no-such-chain" },
    };
    const res = await editor.post<Problem>(versions, { document, comment: "chain typo" });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.path)).toEqual(["document.default.chain"]);
    expect(res.body.errors?.[0]?.message).toContain('no fallback chain named "no-such-chain"');
    const dry = await editor.post<Problem>(`/api/console/routes/${slug}/dry-run`, { document });
    expect(dry.status).toBe(400);
    expect(dry.body.errors?.map((e) => e.path)).toEqual(["document.default.chain"]);
    expect(await versionCount()).toBe(2);
  });

  it("refuses a new route whose first policy names an unknown model", async () => {
    const res = await editor.post<Problem>("/api/console/routes", {
      slug: "it-born-broken",
      document: doc(usable, "ghost-model"),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.path)).toEqual(["document.default.model"]);
    expect((await as.viewer.get("/api/console/routes/it-born-broken")).status).toBe(404);
  });

  it("publishes a policy naming a disabled model, with a warning naming the field", async () => {
    const off = await editor.patch<ModelView>(`/api/console/models/${other.id}`, {
      enabled: false,
    });
    expect(off.status).toBe(200);
    const res = await editor.post<Published>(versions, {
      document: doc(other.slug, usable),
      comment: "disabled model on purpose",
    });
    expect(res.status).toBe(201);
    expect(res.body.version).toBe(3);
    expect(res.body.warnings).toEqual([
      {
        path: "document.rules[0].then.model",
        message: `Rule "faq": model "${other.slug}" is disabled; it will be skipped.`,
      },
    ]);
    expect((await activeVersion())?.version).toBe(3);
  });
});
