import fs from "node:fs";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../../support/app-server";
import { signInDemoRoles, startConsoleApp, type ConsoleClient } from "../../support/console-client";
import { SAMPLE_PATH } from "../../support/quality/sample";

/**
 * Scorer versions (issue 15): labelled examples uploaded as JSONL, a trained version with its
 * offline evaluation, publish refusing a version the route lacks, and the gateway banding with the
 * published version, the decision trace naming it with the exact score.
 */
interface Problem {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}
interface Version {
  version: number;
  name: string;
  kind: string;
  training: { records: number; trained: number; heldOut: number; skipped: number };
  evaluation: { examples: number; apgr: number | null; heuristicApgr: number | null };
}
interface DecisionRow {
  id: string;
  requestId: string;
}

const NDJSON = { "content-type": "application/x-ndjson" };
const bands = [
  { upTo: 0.5, tier: "small" },
  { upTo: 1, tier: "small" },
];
const scoreBand = (scorer?: { kind: "learned"; version: number }) => ({
  schemaVersion: 1,
  rules: [],
  default: { strategy: "score_band", bands, ...(scorer ? { scorer } : {}) },
});

describe("console API: labelled examples and scorer versions", () => {
  let app: AppServer;
  let editor: ConsoleClient;
  let viewer: ConsoleClient;
  const slug = `it-scorers-${Date.now().toString(36)}`;
  const base = `/api/console/routes/${slug}`;

  beforeAll(async () => {
    app = await startConsoleApp();
    const as = await signInDemoRoles(app.url);
    editor = as.editor;
    viewer = as.viewer;
    const created = await editor.post(`/api/console/routes`, {
      slug,
      contentInspection: true,
      document: scoreBand(),
    });
    expect(created.status).toBe(201);
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("refuses an upload with bad lines by line number, storing nothing", async () => {
    const body = [
      '{"prompt":"hi","outcomes":{"weak":true}}',
      "{not json",
      "",
      '{"prompt":"x","outcomes":{}}',
    ].join("\n");
    const res = await editor.post<Problem>(`${base}/examples`, body, NDJSON);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.errors).toEqual([
      { path: "line 2", message: "not valid JSON" },
      { path: "line 4", message: "outcomes: at least one outcome" },
    ]);
    const json = await editor.post<Problem>(`${base}/examples`, { prompt: "x" });
    expect(json.status).toBe(415);
    expect((await viewer.get<{ examples: number }>(`${base}/examples`)).body.examples).toBe(0);
    expect((await viewer.post(`${base}/examples`, body, NDJSON)).status).toBe(403);
  });

  it("uploads the synthetic sample, trains a version and lists it with its evaluation", async () => {
    const sample = fs.readFileSync(SAMPLE_PATH, "utf8");
    const up = await editor.post<{ count: number; examples: number }>(
      `${base}/examples`,
      sample,
      NDJSON,
    );
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ count: 1200, examples: 1200, imports: 1 });

    const trained = await editor.post<Version>(`${base}/scorers`, { seed: 1 });
    expect(trained.status).toBe(201);
    expect(trained.body).toMatchObject({
      version: 1,
      kind: "learned",
      name: `learned-${slug}-v1`,
      training: { records: 1200, trained: 960, heldOut: 240, skipped: 0 },
      evaluation: { examples: 240 },
    });
    expect(trained.body.evaluation.apgr).toBeGreaterThan(trained.body.evaluation.heuristicApgr!);

    const list = await viewer.get<{ versions: Version[]; examples: { examples: number } }>(
      `${base}/scorers`,
    );
    expect(list.body.examples.examples).toBe(1200);
    expect(list.body.versions.map((v) => v.version)).toEqual([1]);
  });

  it("refuses to publish a scorer version the route does not have", async () => {
    const res = await editor.post<Problem>(`${base}/versions`, {
      document: scoreBand({ kind: "learned", version: 7 }),
      comment: "typo",
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        path: "document.default.scorer.version",
        message: "Default action: no learned scorer version 7 on this route.",
      },
    ]);
  });

  it("routes with the published version; the trace names it and carries the exact score", async () => {
    const published = await editor.post(`${base}/versions`, {
      document: scoreBand({ kind: "learned", version: 1 }),
      comment: "learned v1",
    });
    expect(published.status).toBe(201);
    if (!app.apiKey) return; // an external server (CONSOLE_TEST_URL) has no key for us
    const api = new OpenAI({ apiKey: app.apiKey, baseURL: `${app.url}/v1`, maxRetries: 0 });
    // Instances poll the routing revision every 500 ms: give the publish time to arrive.
    await new Promise((r) => setTimeout(r, 2_000));
    const { data, response } = await api.chat.completions
      .create({ model: slug, messages: [{ role: "user", content: "Prove the bound." }] })
      .withResponse();
    expect(data.choices[0]).toBeDefined();
    const requestId = response.headers.get("x-request-id");
    let detail: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !detail; i++) {
      const rows = (
        await viewer.get<{ items: DecisionRow[] }>(`/api/console/decisions?route=${slug}&limit=5`)
      ).body.items;
      const row = rows.find((d) => d.requestId === requestId);
      if (!row) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      const full = await viewer.get<{ trace: { strategyDetail: Record<string, unknown> } }>(
        `/api/console/decisions/${row.id}`,
      );
      detail = full.body.trace.strategyDetail;
    }
    expect(detail).toMatchObject({ scorer: `learned-${slug}-v1`, scorerVersion: 1 });
    const score = detail?.score as number;
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(1);
    // Not rounded: the value banding compared, to the last bit.
    expect(Math.round(score * 1000) / 1000).not.toBe(score);
  });
});
