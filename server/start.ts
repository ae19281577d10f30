/**
 * `npm start`: build if needed, open the database (embedded PGlite unless DATABASE_URL), migrate,
 * seed the demo into an empty database, then serve console + API: `/v1` on the node:http fast
 * path, everything else through Next's request handler. With DATABASE_URL, one worker process per
 * core (SWITCHBOARD_WORKERS) serves the port (server/workers.ts); on PGlite this process does.
 */
import cluster from "node:cluster";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { prepareForwardedHeaders } from "../lib/forwarded";
import { handleV1Node } from "../lib/api/v1-node";
import { createSwitchboardServer } from "../lib/api/node-server";
import { ConfigError, loadStartEnv, type Env } from "../lib/env";
import { closeDb, DatabaseLockedError, getDb, getDbHandle } from "../lib/db/engine/client";
import { migrateDatabase } from "../lib/db/engine/migrate";
import { resolveSecrets } from "../lib/db/engine/secrets";
import { getGatewayLifecycle } from "../lib/gateway/gateway-lifecycle";
import { warmGateway } from "../lib/gateway/warm-gateway";
import { ensureBuilt } from "./build";
import { installGracefulShutdown } from "./shutdown";
import { prepareData, printBanner } from "./startup";
import { resolveWorkerCount, runWorkers } from "./workers";

// Set by server/run-server.mjs, which runs this file compiled into node_modules/.cache.
const root =
  process.env.SWITCHBOARD_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tag = cluster.isWorker ? `switchboard w${cluster.worker?.id ?? "?"}` : "switchboard";
const log = (line: string): void => console.log(`[${tag}] ${line}`);

function fail(message: string): never {
  console.error(`[switchboard] ✖ ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let env;
  try {
    env = loadStartEnv();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  Object.assign(process.env, { NODE_ENV: "production" });
  const publicUrl =
    env.PUBLIC_URL ??
    `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST === "127.0.0.1" ? "localhost" : env.HOST}:${env.PORT}`;
  process.env.NEXTAUTH_URL ??= publicUrl;

  if (!ensureBuilt(root, log)) fail("next build failed (see above)");

  try {
    const handle = await getDbHandle();
    log(
      handle.kind === "pglite"
        ? `Embedded database in ${env.dataDir}`
        : "Database: Postgres (DATABASE_URL)",
    );
  } catch (e) {
    if (e instanceof DatabaseLockedError) fail(e.message);
    throw e;
  }
  const secrets = await resolveSecrets();
  // Next's bundle has its own copy of lib/env and runs in production mode: hand it the secrets
  // resolved here (environment or the data folder), so it never generates or demands others.
  process.env.SWITCHBOARD_ENCRYPTION_KEY ??= secrets.encryptionKey.toString("hex");
  process.env.NEXTAUTH_SECRET ??= secrets.nextAuthSecret;
  const migrated = await migrateDatabase({ log });
  if (migrated.applied.length)
    log(`Applied ${migrated.applied.length} migration(s) in ${migrated.durationMs} ms.`);
  const data = await prepareData(env, await getDb(), log);

  const workers = resolveWorkerCount(env, log);
  if (workers > 1) {
    // The workers open their own connections; the primary only supervises them.
    await closeDb();
    runWorkers({
      count: workers,
      env,
      exec: fileURLToPath(import.meta.url),
      log,
      onListening: () => printBanner(publicUrl, data),
    });
    return;
  }
  await serve(env, () => printBanner(publicUrl, data));
}

/** Serves console + API from this process (the only one, or one worker of several). */
async function serve(env: Env, onListening: () => void): Promise<void> {
  const nextApp = next({ dev: false, dir: root, hostname: env.HOST, port: env.PORT });
  await nextApp.prepare();
  const nextHandler = nextApp.getRequestHandler();
  const server = createSwitchboardServer({
    fastPath: handleV1Node,
    // Proxy headers reach Next only when trusted; the socket's address always does.
    next: (req, res) => nextHandler(prepareForwardedHeaders(req, env.SWITCHBOARD_TRUST_PROXY), res),
    isDraining: () => getGatewayLifecycle().draining,
    limits: {
      maxConnections: env.SWITCHBOARD_MAX_CONNECTIONS,
      requestTimeoutMs: env.SWITCHBOARD_REQUEST_TIMEOUT_MS,
    },
  });

  installGracefulShutdown({
    server,
    drainTimeoutMs: env.SWITCHBOARD_DRAIN_TIMEOUT_MS,
    log,
    worker: cluster.isWorker,
  });

  server.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EADDRINUSE") fail(`port ${env.PORT} is in use: set PORT to another port`);
    fail(`server error: ${e.message}`);
  });
  // Warm the gateway before listening: services, config cache and tokenizer (not fatal: the first
  // request would load them).
  await warmGateway().then(
    ({ durationMs }) => log(`Gateway warmed up in ${durationMs} ms.`),
    (e: unknown) =>
      log(`Gateway warm-up failed (${e instanceof Error ? e.message : String(e)}); continuing.`),
  );
  server.listen(env.PORT, env.HOST, onListening);
}

/** A worker of `npm start`: the primary built, migrated and seeded; serve. */
async function runWorker(): Promise<void> {
  const env = loadStartEnv();
  await serve(env, () => {});
}

(cluster.isWorker ? runWorker() : main()).catch(async (e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`[switchboard] ✖ start-up failed: ${message}`);
  await closeDb().catch(() => {});
  process.exit(1);
});
