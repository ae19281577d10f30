/**
 * Start-up warm-up: builds the process-wide gateway services, loads the config cache (routes,
 * policies compiled, registry, providers) and the tokenizers, so the first requests do not pay for
 * them (~200 ms for gpt-tokenizer alone). Called by `server/start.ts` before it listens.
 */
import { loadTokenizer } from "@/lib/tokens";
import { getGatewayServices } from "./gateway-state";

export async function warmGateway(clock: () => number = Date.now): Promise<{ durationMs: number }> {
  const started = clock();
  const services = await getGatewayServices();
  await Promise.all([services.warm(), loadTokenizer()]);
  return { durationMs: clock() - started };
}
