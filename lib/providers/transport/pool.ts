/**
 * The upstream connection pools: per origin, SSRF mode and connect timeout, undici `Client`s (one
 * keep-alive socket each) handed out last-in first-out, as node:http's agent did with
 * `scheduling: "lifo"`, so sequential calls reuse one socket (undici's `Pool` only reuses a client
 * a loop turn after its answer). The SSRF check and the pool lookup run once per endpoint.
 */
import { buildConnector, Client } from "undici";
import { ProviderError } from "../errors";
import { assertAllowedUrl, createGuardedLookup } from "./ssrf";

const guardedLookup = createGuardedLookup();
const MAX_CONNECTIONS = 512;
const noop = (): void => undefined;

/** One keep-alive connection, with the count of requests written on its current socket. */
export class UpstreamClient extends Client {
  writes = 0;
  /** Requests dispatched here and not yet finished. */
  inflight = 0;

  constructor(origin: string, options: Client.Options) {
    super(origin, options);
    this.on("connect", (_origin, targets) => {
      (targets[0] as UpstreamClient).writes = 0;
    });
  }
}

/**
 * undici's own connect timeout ticks at 0.5–1 s, too coarse for a 100 ms setting: a native timer
 * answers on time, and undici's (a second later) closes a socket still connecting after ours fired.
 */
function timedConnector(timeoutMs: number, allowPrivate: boolean): buildConnector.connector {
  const connect = buildConnector({
    timeout: timeoutMs + 1000,
    // TCP keep-alive probes after 1 s idle, as node:http's keep-alive agent sets them.
    keepAliveInitialDelay: 1000,
    ...(allowPrivate ? {} : { lookup: guardedLookup }),
  });
  return (options, callback) => {
    let pending = true;
    const timer = setTimeout(() => {
      pending = false;
      callback(new ProviderError("connect", `connect timeout after ${timeoutMs} ms`), null);
    }, timeoutMs);
    connect(options, (...result) => {
      if (!pending) return void result[1]?.destroy();
      pending = false;
      clearTimeout(timer);
      callback(...result);
    });
  };
}

/** The connections to one origin: idle ones last-in first-out, at most `MAX_CONNECTIONS`. */
export class UpstreamPool {
  private readonly idle: UpstreamClient[] = [];
  private readonly all: UpstreamClient[] = [];
  private next = 0;
  private readonly options: Client.Options;

  constructor(
    private readonly origin: string,
    allowPrivate: boolean,
    connectTimeoutMs: number,
  ) {
    this.options = {
      connect: timedConnector(connectTimeoutMs, allowPrivate),
      // Idle sockets close before a typical server's 5 s keep-alive timeout closes them under us.
      keepAliveTimeout: 4000,
      keepAliveMaxTimeout: 4000,
      headersTimeout: 0,
      bodyTimeout: 0,
    };
  }

  acquire(): UpstreamClient {
    let client = this.idle.pop();
    if (!client) {
      if (this.all.length < MAX_CONNECTIONS) {
        client = new UpstreamClient(this.origin, this.options);
        this.all.push(client);
      } else {
        // All busy: queue behind one of them (undici writes a POST only on an idle socket).
        client = this.all[this.next++ % this.all.length] as UpstreamClient;
      }
    }
    client.inflight++;
    return client;
  }

  release(client: UpstreamClient): void {
    if (--client.inflight === 0) this.idle.push(client);
  }

  destroy(): void {
    for (const client of this.all) client.destroy().catch(noop);
  }
}

const pools = new Map<string, UpstreamPool>();

function getPool(url: URL, allowPrivate: boolean, connectTimeoutMs: number): UpstreamPool {
  const key = `${url.origin}|${allowPrivate ? "p" : "g"}|${connectTimeoutMs}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new UpstreamPool(url.origin, allowPrivate, connectTimeoutMs);
    pools.set(key, pool);
  }
  return pool;
}

export interface Target {
  pool: UpstreamPool;
  path: string;
}

/**
 * The checked pool and path per URL, SSRF mode and connect timeout: the URL check and the pool
 * lookup run once per upstream endpoint, not once per request.
 */
const targets = new Map<string, Target>();
const MAX_TARGETS = 512;

export function targetOf(url: URL, allowPrivate: boolean, connectTimeoutMs: number): Target {
  const key = `${allowPrivate ? "p" : "g"}${connectTimeoutMs}|${url.href}`;
  let target = targets.get(key);
  if (!target) {
    assertAllowedUrl(url, allowPrivate);
    if (targets.size >= MAX_TARGETS) targets.clear();
    const pool = getPool(url, allowPrivate, connectTimeoutMs);
    target = { pool, path: `${url.pathname}${url.search}` };
    targets.set(key, target);
  }
  return target;
}

/** Closes every pooled socket (tests and shutdown). */
export function closeHttpPool(): void {
  for (const pool of pools.values()) pool.destroy();
  pools.clear();
  targets.clear();
}
