/**
 * `npm run bench:soak` (not in CI): two `npm start` instances on one Postgres, a bounded request
 * rate split round robin between them (a client-side load balancer), and faults on a schedule:
 * upstream 5xx and connection resets from the fake upstream, Postgres restarts, and SIGTERM of one
 * instance (taken out of rotation first, as a load balancer does) then a replacement started.
 * At the end it checks that every request the client saw complete has its decision row, and that
 * the resident memory of the instance that ran throughout ended within 20 % of its level after
 * warm-up. Exit code 1 when either check fails. Only 127.0.0.1 is targeted.
 *
 * Restarting Postgres disturbs everything else using this machine's Postgres for a few seconds.
 *
 * Options (env): SOAK_MINUTES (30), SOAK_RATE (50 req/s), SOAK_PG_RESTARTS (2; 0 skips them),
 * DATABASE_URL (admin URL of the Postgres to use, default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { execFile } from "node:child_process";
import os from "node:os";
import { promisify } from "node:util";
import { createApiKey } from "../lib/db/api-keys";
import { ensureBuilt } from "../server/build";
import { bumpConfigRevision } from "../lib/db/config-revision";
import { startAppCluster, type ClusterInstance } from "../tests/support/app-cluster";
import { startFakeUpstream } from "../tests/support/fake-upstream";
import { median, newCounters, rssMb, startLoad } from "./support/soak-load";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const RATE = Number(process.env.SOAK_RATE ?? 50);
const PG_RESTARTS = Math.min(2, Number(process.env.SOAK_PG_RESTARTS ?? 2));
const ADMIN_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DURATION_MS = MINUTES * 60_000;
const WARMUP_MS = Math.min(120_000, Math.max(60_000, DURATION_MS * 0.1));
const RSS_WINDOW_MS = Math.min(30_000, DURATION_MS * 0.1);
const t0 = performance.now();
const since = (): string => `${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s`;
const log = (line: string): void => void process.stderr.write(`[soak ${since()}] ${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function restartPostgres(): Promise<void> {
  const version = (await promisify(execFile)("ls", ["/etc/postgresql"])).stdout.trim();
  const started = performance.now();
  await promisify(execFile)("pg_ctlcluster", [
    "--skip-systemctl-redirect",
    version,
    "main",
    "restart",
  ]);
  log(`Postgres restarted in ${(performance.now() - started).toFixed(0)} ms`);
}

async function main(): Promise<void> {
  // Build once up front: instances starting together must not each run `next build`.
  if (!ensureBuilt(process.cwd(), (line) => console.error(line)))
    throw new Error("next build failed");
  const fake = await startFakeUpstream({ logRequests: false, answer: { completionTokens: 20 } });
  const cluster = await startAppCluster({
    adminUrl: ADMIN_URL,
    size: 2,
    prefix: "sb_soak",
    env: { SWITCHBOARD_BUDGET_LEASE_TTL_MS: "10000" },
  });
  const db = cluster.handle.prisma;
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
  for (const slug of ["primary", "secondary"])
    await db.model.create({
      data: {
        slug,
        providerId: provider.id,
        upstreamName: slug,
        displayName: slug,
        inputPricePerMTok: "0.15",
        outputPricePerMTok: "0.60",
        contextWindow: 128_000,
        maxOutputTokens: 4096,
        capabilities: ["tools", "json", "streaming"],
        tier: "small",
      },
    });
  const route = await db.route.create({ data: { slug: "soak" } });
  const version = await db.policyVersion.create({
    data: {
      routeId: route.id,
      version: 1,
      document: {
        schemaVersion: 1,
        rules: [],
        default: { strategy: "single", model: "primary", fallbacks: ["secondary"] },
      },
      publishedAt: new Date(),
    },
  });
  await db.route.update({ where: { id: route.id }, data: { activeVersionId: version.id } });
  const tenant = await db.tenant.create({ data: { slug: "soak", name: "Soak" } });
  // A hard budget far above the run's spend: every request reserves and settles through leases.
  await db.budget.create({
    data: {
      tenantId: tenant.id,
      period: "daily",
      limitUsd: "100000",
      hardLimit: true,
      windowStart: new Date(),
    },
  });
  const { key } = await createApiKey(
    db,
    { id: null, email: "soak@bench" },
    {
      tenantId: tenant.id,
      name: "soak",
      scopes: ["chat"],
    },
  );
  await bumpConfigRevision(db, "routing");
  await bumpConfigRevision(db, "registry");
  await sleep(1_000); // the instances' config polls pick the fixtures up

  const [steady, rotating] = cluster.instances as [ClusterInstance, ClusterInstance];
  const live: ClusterInstance[] = [steady, rotating];
  const counters = newCounters();
  const rss: Array<{ at: number; steady: number | null; other: number | null }> = [];
  let other = rotating;
  const sampler = setInterval(() => {
    rss.push({
      at: performance.now() - t0,
      steady: rssMb(steady.process.pid),
      other: rssMb(other.process.pid),
    });
  }, 5_000);
  log(`instances ${live.map((i) => i.url).join(", ")}; ${RATE} req/s for ${MINUTES} min`);
  const loadStart = performance.now();
  const load = startLoad({
    rate: RATE,
    maxInFlight: 256,
    key,
    targets: () => live.map((i) => i.url),
    counters,
  });

  // Faults, as fractions of the run.
  const window = Math.max(5_000, DURATION_MS * 0.05);
  const events: Array<{ at: number; label: string; run: () => Promise<void> }> = [
    {
      at: 0.15,
      label: "upstream 503 on primary (fallback serves)",
      run: async () => fake.setFault("primary", "status:503"),
    },
    {
      at: 0.15 + window / DURATION_MS,
      label: "primary healthy",
      run: async () => fake.setFault("primary", null),
    },
    {
      at: 0.25,
      label: "upstream connection resets on primary",
      run: async () => fake.setFault("primary", "reset"),
    },
    {
      at: 0.25 + window / DURATION_MS,
      label: "primary healthy",
      run: async () => fake.setFault("primary", null),
    },
    {
      at: 0.5,
      label: "SIGTERM one instance (out of rotation first)",
      run: async () => {
        live.splice(live.indexOf(rotating), 1);
        rotating.process.kill("SIGTERM");
        log(`instance exited: ${await rotating.process.exited}`);
        await sleep(5_000);
        const replacement = await cluster.addInstance();
        other = replacement;
        live.push(replacement);
        log(`replacement instance ${replacement.url} in rotation`);
      },
    },
    {
      at: 0.6,
      label: "both models fail (503 / resets): error answers",
      run: async () => {
        fake.setFault("primary", "status:503");
        fake.setFault("secondary", "reset");
      },
    },
    {
      at: 0.6 + window / DURATION_MS,
      label: "upstreams healthy",
      run: async () => {
        fake.setFault("primary", null);
        fake.setFault("secondary", null);
      },
    },
  ];
  if (PG_RESTARTS >= 1) events.push({ at: 0.35, label: "restart Postgres", run: restartPostgres });
  if (PG_RESTARTS >= 2) events.push({ at: 0.75, label: "restart Postgres", run: restartPostgres });
  events.sort((a, b) => a.at - b.at);
  for (const e of events) {
    const wait = loadStart + e.at * DURATION_MS - performance.now();
    if (wait > 0) await sleep(wait);
    log(`${e.label}`);
    await e.run().catch((error: unknown) => log(`  failed: ${String(error)}`));
  }
  await sleep(Math.max(0, loadStart + DURATION_MS - performance.now()));
  await load.stop();
  clearInterval(sampler);
  log(`load stopped: ${counters.sent} sent, ${counters.completed} completed`);

  // Every completed answer's decision must reach the database (writers flush every second).
  const ids = [...counters.decisionIds.keys()];
  let missing: string[] = ids;
  for (let attempt = 0; attempt < 30 && missing.length > 0; attempt++) {
    if (attempt > 0) await sleep(2_000);
    const found = new Set<string>();
    for (let i = 0; i < missing.length; i += 5_000) {
      const rows = await db.decision.findMany({
        where: { id: { in: missing.slice(i, i + 5_000) } },
        select: { id: true },
      });
      for (const r of rows) found.add(r.id);
    }
    missing = missing.filter((id) => !found.has(id));
  }
  const names = new Map([
    [steady.url, "the steady instance"],
    [rotating.url, "the SIGTERM'd instance"],
  ]);
  const missingBy = new Map<string, number>();
  for (const id of missing) {
    const url = counters.decisionIds.get(id) ?? "?";
    const name = names.get(url) ?? "the replacement";
    missingBy.set(name, (missingBy.get(name) ?? 0) + 1);
  }
  const missingText = [...missingBy].map(([name, n]) => `${n} answered by ${name}`).join(", ");
  const decisionRows = await db.decision.count();

  const steadySamples = (from: number, to: number): number[] =>
    rss.filter((s) => s.at >= from && s.at <= to && s.steady !== null).map((s) => s.steady!);
  const warmStart = loadStart - t0 + WARMUP_MS;
  const endAt = loadStart - t0 + DURATION_MS;
  const rssWarm = median(steadySamples(warmStart, warmStart + RSS_WINDOW_MS));
  const rssEnd = median(steadySamples(endAt - RSS_WINDOW_MS, endAt));
  const drift = (rssEnd - rssWarm) / rssWarm;
  const otherEnd = median(rss.slice(-6).flatMap((s) => (s.other === null ? [] : [s.other])));
  const cpu = os.cpus()[0]?.model ?? "unknown";
  const statuses = [...counters.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`);

  const summary = [
    `date ${new Date().toISOString()}, ${os.cpus().length} cores (${cpu}), Node ${process.version}`,
    `${MINUTES} min at ${RATE} req/s over 2 instances; Postgres restarts: ${PG_RESTARTS}`,
    `sent ${counters.sent}, completed ${counters.completed} (${statuses.join(", ")}), transport errors ${counters.transportErrors}, skipped (in-flight cap) ${counters.skipped}`,
    `decision ids seen ${ids.length}, missing in the database ${missing.length}${missingText ? ` (${missingText})` : ""}, answers without a decision id ${counters.withoutDecisionId}, decision rows ${decisionRows}`,
    `RSS of the instance that ran throughout: ${rssWarm.toFixed(0)} MB after warm-up, ${rssEnd.toFixed(0)} MB at the end (${(drift * 100).toFixed(1)} %); replacement instance at the end: ${otherEnd.toFixed(0)} MB`,
  ];
  console.log(summary.join("\n"));
  await cluster.close();
  await fake.close();
  const ok = missing.length === 0 && counters.withoutDecisionId === 0 && Math.abs(drift) <= 0.2;
  console.log(ok ? "SOAK PASSED" : "SOAK FAILED");
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
