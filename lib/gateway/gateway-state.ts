/**
 * The gateway's process-wide services: key cache, config cache (revision polling), breakers,
 * budget port, decision writer, token counter. `getGatewayServices()` keeps one set per process
 * in the registry on globalThis (the fast path and Next's bundle share it); tests build their own
 * with `createGatewayServices` over a test database.
 */
import { randomBytes } from "node:crypto";
import { nowMs } from "@/lib/clock";
import { uuidv7 } from "@/lib/ids";
import os from "node:os";
import { findApiKeyByHash, touchApiKeysLastUsed } from "@/lib/db/api-key-auth";
import { getDb, type PrismaClient } from "@/lib/db/engine/client";
import { readConfigRevisions } from "@/lib/db/config-revision";
import { loadGatewayConfig } from "@/lib/db/gateway-config";
import { loadEnv } from "@/lib/env";
import { forgetProcessSingleton, processSingleton } from "@/lib/process-registry";
import { loadTokenCounter, type TokenCounter } from "@/lib/tokens";
import type { DecisionRecord } from "@/lib/decision-log/decision-record";
import { createDecisionWriter, type DecisionWriter } from "@/lib/telemetry/decision-writer";
import { createFeedbackWriter, type FeedbackWriter } from "@/lib/telemetry/feedback-writer";
import { findDecisionRef, type DecisionRef } from "@/lib/db/feedback";
import { createRecentDecisions, type RecentDecisions } from "./recent-decisions";
import { startRollupPruner } from "@/lib/telemetry/rollup-retention";
import {
  bindBudgetManagerMetrics,
  bindDecisionWriterMetrics,
  getMetrics,
  recordBreakerState,
  type SwitchboardMetrics,
} from "@/lib/telemetry/metrics";
import { createKeyAuthenticator, type KeyAuthenticator } from "./authenticate-key";
import { createBudgetManager, type BudgetPort } from "./budget";
import { createBreakers, type BreakerOptions, type Breakers } from "./breakers";
import { createConfigCache, type ConfigCache } from "./config-cache";
import {
  createGatewayLifecycle,
  getGatewayLifecycle,
  type GatewayLifecycle,
} from "./gateway-lifecycle";
import { sleepUnlessAborted } from "./execute-plan";
import { resolveProviderAdapter } from "./provider-adapters";
import type { CancelSignal } from "@/lib/cancel";

type DecisionLookup = { decisionId: string } | { requestId: string };

export interface GatewayServices {
  auth: KeyAuthenticator;
  config: ConfigCache;
  breakers: Breakers;
  /** Null: no budget enforcement (tenants without budgets, or tests that do not need it). */
  budget: BudgetPort | null;
  decisions: Pick<DecisionWriter, "enqueue">;
  /** `POST /v1/feedback`: its writer, the recent decisions of this instance, the DB lookup. */
  feedback: {
    writer: Pick<FeedbackWriter, "offer">;
    recent: RecentDecisions;
    lookup: (tenantId: string, by: DecisionLookup) => Promise<DecisionRef | null>;
  };
  resolveAdapter: typeof resolveProviderAdapter;
  clock: () => number;
  random: () => number;
  sleep(ms: number, signal: CancelSignal): Promise<void>;
  newId(): string;
  /** SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS. */
  allowPrivate: boolean;
  countTokens(): TokenCounter | undefined;
  /** Resolves once the config cache is loaded and the token counter is ready (start-up warm-up). */
  warm(): Promise<void>;
  /** Prometheus metrics fed per request (null: none). */
  metrics: SwitchboardMetrics | null;
  /** Default hedge delay (a plan's own `hedgeAfterMs`, set by the policy, wins); null: off. */
  hedgeAfterMs: number | null;
  /** Requests in flight and the graceful drain (SIGTERM). */
  lifecycle: GatewayLifecycle;
  close(): Promise<void>;
}

export interface GatewayServicesOptions {
  db: PrismaClient;
  /** Default: a budget manager over `db` (leases); `null` turns budgets off. */
  budget?: BudgetPort | null;
  instanceId?: string;
  /** Budget lease lifetime (SWITCHBOARD_BUDGET_LEASE_TTL_MS; the sweep runs as often). */
  leaseTtlMs?: number;
  decisions?: DecisionWriter;
  /** Default: a feedback writer over `db` (closed with the services). */
  feedback?: FeedbackWriter;
  clock?: () => number;
  random?: () => number;
  allowPrivate?: boolean;
  pollMs?: number;
  keyTtlMs?: { positive: number; negative: number };
  breakers?: BreakerOptions;
  encryptionKey?: Buffer;
  /** Exact token counting near context windows (loads gpt-tokenizer in the background). */
  tokenizer?: boolean;
  /** Default: the process-wide metrics (`getMetrics()`); tests pass their own or null. */
  metrics?: SwitchboardMetrics | null;
  /** Default hedge delay in ms (default null: no hedging; `getGatewayServices` reads
   * SWITCHBOARD_HEDGE_AFTER_MS). */
  hedgeAfterMs?: number | null;
  /** Default: a lifecycle of its own; `getGatewayServices` passes the process-wide one. */
  lifecycle?: GatewayLifecycle;
  /** Dead-lease sweep period of the default budget manager (default: the lease TTL). */
  sweepIntervalMs?: number;
}

export function createGatewayServices(options: GatewayServicesOptions): GatewayServices {
  const { db } = options;
  const clock = options.clock ?? nowMs;
  const auth = createKeyAuthenticator({
    findByHash: (hash) => findApiKeyByHash(db, hash),
    touch: (ids, at) => touchApiKeysLastUsed(db, ids, at),
    clock,
    ...(options.keyTtlMs
      ? { positiveTtlMs: options.keyTtlMs.positive, negativeTtlMs: options.keyTtlMs.negative }
      : {}),
  });
  const config = createConfigCache({
    loadRows: () => loadGatewayConfig(db, options.encryptionKey),
    readRevisions: () => readConfigRevisions(db),
    onPrincipalsChanged: () => auth.clear(),
    onBudgetsChanged: () => {
      const port = ownBudget ?? options.budget;
      if (port) void port.refresh().catch(() => {});
    },
    clock,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  const ownWriter = options.decisions === undefined;
  const ownBudget =
    options.budget === undefined
      ? createBudgetManager({
          db,
          clock,
          ...(options.leaseTtlMs === undefined ? {} : { leaseTtlMs: options.leaseTtlMs }),
          ...(options.sweepIntervalMs === undefined
            ? {}
            : { sweepIntervalMs: options.sweepIntervalMs }),
          instanceId:
            options.instanceId ??
            `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`,
        })
      : null;
  const decisions = options.decisions ?? createDecisionWriter({ db });
  const ownFeedback = options.feedback === undefined;
  const feedbackWriter = options.feedback ?? createFeedbackWriter({ db });
  // Whoever writes rollups also prunes old minute rows (every 5 minutes, in small batches).
  const pruner = ownWriter ? startRollupPruner({ db }) : null;
  const metrics = options.metrics === undefined ? getMetrics() : options.metrics;
  if (metrics) {
    bindDecisionWriterMetrics(metrics, decisions);
    if (ownBudget) bindBudgetManagerMetrics(metrics, ownBudget);
  }
  let counter: TokenCounter | undefined;
  const counterLoaded =
    options.tokenizer === false
      ? Promise.resolve()
      : loadTokenCounter()
          .then((c) => void (counter = c))
          .catch(() => {
            // Without the tokenizer the calibrated estimate (with its margin) is used.
          });
  return {
    auth,
    config,
    breakers: createBreakers({
      clock,
      ...(metrics
        ? { onStateChange: (model, phase) => recordBreakerState(metrics, model, phase) }
        : {}),
      ...options.breakers,
    }),
    budget: ownBudget ?? options.budget ?? null,
    decisions,
    feedback: {
      writer: feedbackWriter,
      recent: createRecentDecisions(),
      lookup: (tenantId, by) => findDecisionRef(db, tenantId, by),
    },
    resolveAdapter: resolveProviderAdapter,
    clock,
    random: options.random ?? Math.random,
    sleep: sleepUnlessAborted,
    newId: () => uuidv7(),
    allowPrivate: options.allowPrivate ?? false,
    countTokens: () => counter,
    warm: async () => {
      await Promise.all([config.get(), counterLoaded]);
    },
    metrics,
    hedgeAfterMs: options.hedgeAfterMs ?? null,
    lifecycle: options.lifecycle ?? createGatewayLifecycle(),
    async close() {
      config.close();
      await auth.close();
      if (ownWriter) await decisions.close();
      if (ownFeedback) await feedbackWriter.close();
      await pruner?.close();
      await ownBudget?.close();
    },
  };
}

/** Enqueues a decision; the writer never throws, but a custom one might. */
export function enqueueDecision(services: GatewayServices, record: DecisionRecord): void {
  try {
    services.decisions.enqueue(record);
    // Feedback may arrive before the writer flushes this decision (lib/gateway/feedback.ts).
    if (record.tenantId !== null)
      services.feedback.recent.remember({
        id: record.id,
        requestId: record.requestId,
        tenantId: record.tenantId,
        routeSlug: record.routeSlug,
        model: record.finalModel ?? "",
        policyVersion: record.policyVersion ?? 0,
        createdAt: record.createdAt,
      });
  } catch {
    // The decision log must never fail a response.
  }
}

/** The process-wide services over the process-wide database. */
export function getGatewayServices(): Promise<GatewayServices> {
  const env = loadEnv();
  const pending = processSingleton("gateway-services", () =>
    getDb().then((db) =>
      createGatewayServices({
        db,
        allowPrivate: env.SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS,
        ...(env.SWITCHBOARD_INSTANCE_ID ? { instanceId: env.SWITCHBOARD_INSTANCE_ID } : {}),
        leaseTtlMs: env.SWITCHBOARD_BUDGET_LEASE_TTL_MS,
        hedgeAfterMs: env.SWITCHBOARD_HEDGE_AFTER_MS ?? null,
        lifecycle: getGatewayLifecycle(),
        ...(env.SWITCHBOARD_BUDGET_SWEEP_INTERVAL_MS === undefined
          ? {}
          : { sweepIntervalMs: env.SWITCHBOARD_BUDGET_SWEEP_INTERVAL_MS }),
      }),
    ),
  );
  // A failed start (database down) is forgotten so the next request retries it.
  pending.catch(() => forgetProcessSingleton("gateway-services"));
  return pending;
}
