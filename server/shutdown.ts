/**
 * Graceful shutdown of one server process (SIGTERM/SIGINT): stop accepting connections, let the
 * requests in flight finish within the drain timeout (idle keep-alive connections close at once,
 * busy ones after their current response), end the streams still running with the in-band error,
 * then flush the decision writer, settle budgets and give back leases, write pending key touches,
 * close the database and exit 0. A second signal exits at once.
 */
import type http from "node:http";
import { closeDb } from "../lib/db/engine/client";
import { getGatewayLifecycle } from "../lib/gateway/gateway-lifecycle";
import { getGatewayServices } from "../lib/gateway/gateway-state";

export interface ShutdownOptions {
  server: http.Server;
  drainTimeoutMs: number;
  log: (line: string) => void;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export async function drainServer({ server, drainTimeoutMs, log }: ShutdownOptions): Promise<void> {
  const started = Date.now();
  const lifecycle = getGatewayLifecycle();
  // Node closes idle connections here; busy ones get `connection: close` on their next response.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const result = await lifecycle.drain({ timeoutMs: drainTimeoutMs });
  // Console (Next) requests are not counted by the lifecycle: wait for their connections too.
  const left = Math.max(0, drainTimeoutMs - (Date.now() - started));
  await Promise.race([closed, delay(left)]);
  server.closeAllConnections();
  log(
    `Drained in ${Date.now() - started} ms: ${result.finished} request(s) finished, ` +
      `${result.cut} stream(s) ended with an error event` +
      (result.abandoned ? `, ${result.abandoned} abandoned` : "") +
      ".",
  );
  // The services exist (start-up warmed them), unless the database was never reachable.
  const services = await getGatewayServices().catch(() => null);
  await services
    ?.close()
    .catch((e: unknown) => log(`Flushing the gateway failed: ${errorText(e)}`));
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The message the primary of `npm start`'s workers sends each worker to drain it. */
export const SHUTDOWN_MESSAGE = "switchboard:shutdown";

/**
 * Installs SIGTERM/SIGINT handlers that drain `server` and exit. In a worker process the primary
 * coordinates: it sends `SHUTDOWN_MESSAGE`, and SIGINT (Ctrl-C reaches every process of the
 * terminal's group) is left to it; SIGTERM sent to the worker itself still drains it.
 */
export function installGracefulShutdown(options: ShutdownOptions & { worker?: boolean }): void {
  let stopping = false;
  const stop = (reason: string, repeatExits: boolean): void => {
    if (stopping) {
      if (!repeatExits) return;
      options.log(`${reason} again: exiting now.`);
      process.exit(reason === "SIGINT" ? 130 : 143);
    }
    stopping = true;
    options.log(`${reason}: draining (up to ${options.drainTimeoutMs} ms)…`);
    void drainServer(options)
      .then(
        () => 0,
        (e: unknown) => {
          options.log(`Shutdown failed: ${errorText(e)}`);
          return 1;
        },
      )
      .then(async (code) => {
        await closeDb().catch((e: unknown) =>
          options.log(`Closing the database failed: ${errorText(e)}`),
        );
        process.exit(code);
      });
  };
  if (options.worker) {
    process.on("SIGINT", () => {});
    process.on("SIGTERM", () => stop("SIGTERM", true));
    process.on("message", (message: unknown) => {
      if (message === SHUTDOWN_MESSAGE) stop("shutdown", false);
    });
    return;
  }
  process.on("SIGINT", () => stop("SIGINT", true));
  process.on("SIGTERM", () => stop("SIGTERM", true));
}
