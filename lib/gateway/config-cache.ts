/**
 * The configuration cache: loads once, then polls the config revisions (one indexed read of a few
 * rows) every `pollMs` and reloads only when `routing`, `registry` or `rollback` moved, so a
 * console change or the rollback toggle reaches this instance within a second. `keys`/`tenants`
 * moves call `onPrincipalsChanged` (the key cache is cleared), a `budgets` move calls
 * `onBudgetsChanged` (the budget manager re-reads its tenants). When the database is unreachable
 * the last generation keeps serving.
 */
import { nowMs } from "@/lib/clock";
import type { GatewayConfigRows } from "@/lib/db/gateway-config";
import type { ConfigArea } from "@/lib/db/config-revision";
import {
  buildGatewayConfig,
  type GatewayConfig,
  type PolicyCompileCache,
  type ScorerCache,
} from "./load-config";

export interface ConfigCacheOptions {
  loadRows(): Promise<GatewayConfigRows>;
  readRevisions(): Promise<Record<ConfigArea, bigint>>;
  onPrincipalsChanged?: () => void;
  /** A budget was created, changed or deleted (on any instance). */
  onBudgetsChanged?: () => void;
  onError?: (error: unknown) => void;
  pollMs?: number;
  clock?: () => number;
}

export interface ConfigCache {
  /** The current generation (loads it on first use). */
  get(): Promise<GatewayConfig>;
  /** Reloads now (tests, and after a local write). */
  reload(): Promise<GatewayConfig>;
  /** One poll step: reads revisions and reloads when needed. */
  poll(): Promise<void>;
  close(): void;
}

const CONFIG_AREAS_RELOAD: readonly ConfigArea[] = ["routing", "registry", "rollback"];

export function createConfigCache(options: ConfigCacheOptions): ConfigCache {
  const clock = options.clock ?? nowMs;
  const compiled: PolicyCompileCache = new Map();
  const scorers: ScorerCache = new Map();
  let current: GatewayConfig | null = null;
  let loading: Promise<GatewayConfig> | null = null;
  let revisions: Record<ConfigArea, bigint> | null = null;
  let polling = false;
  let timer: ReturnType<typeof setInterval> | null = null;

  function startPolling(): void {
    if (timer !== null) return;
    timer = setInterval(() => void poll(), options.pollMs ?? 500);
    timer.unref?.();
  }

  function reload(): Promise<GatewayConfig> {
    startPolling();
    loading ??= (async () => {
      try {
        // Read revisions first: a change landing during the load is picked up by the next poll.
        const revs = await options.readRevisions();
        const rows = await options.loadRows();
        current = buildGatewayConfig(rows, compiled, clock(), scorers);
        revisions = revs;
        return current;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  async function poll(): Promise<void> {
    if (polling || current === null) return;
    polling = true;
    try {
      const next = await options.readRevisions();
      const prev = revisions;
      if (prev === null) return;
      if (next.keys !== prev.keys || next.tenants !== prev.tenants) options.onPrincipalsChanged?.();
      if (next.budgets !== prev.budgets) options.onBudgetsChanged?.();
      if (CONFIG_AREAS_RELOAD.some((area) => next[area] !== prev[area])) await reload();
      else revisions = next;
    } catch (error) {
      options.onError?.(error);
    } finally {
      polling = false;
    }
  }

  return {
    async get() {
      if (current) return current;
      return reload();
    },
    reload,
    poll,
    close() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}
