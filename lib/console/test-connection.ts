/**
 * "Test connection" for a provider: a 1-token completion through the provider's adapter with a
 * short timeout. The SSRF guard applies (the adapter's socket lookup checks every address) unless
 * the provider or SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS allows private networks. The answer never
 * carries the credential (ProviderError messages are redacted by the adapters).
 */
import "server-only";
import type { ProviderConnection } from "@/lib/db/providers";
import { getAdapter, isProviderError, type ProviderAdapter } from "@/lib/providers";
import type { ConnectionTestResult } from "@/lib/schemas/console/providers";
import type { ProviderKind } from "@/lib/vocabulary";

export interface TestConnectionOptions {
  allowPrivate: boolean;
  timeoutMs?: number;
  now?: () => number;
  adapterFor?: (kind: ProviderKind) => ProviderAdapter;
}

export async function testProviderConnection(
  provider: ProviderConnection,
  options: TestConnectionOptions,
): Promise<ConnectionTestResult> {
  const now = options.now ?? (() => performance.now());
  const timeoutMs = options.timeoutMs ?? 8000;
  if (!provider.probeModel)
    return {
      ok: false,
      latencyMs: 0,
      model: null,
      errorClass: "invalid_request",
      message:
        "Add an enabled model to this provider first: the test sends a 1-token request to it.",
    };
  const adapter = (options.adapterFor ?? getAdapter)(provider.kind);
  const started = now();
  try {
    await adapter.complete({
      provider: {
        kind: provider.kind,
        baseUrl: provider.baseUrl,
        apiKey: provider.apiKey,
        headers: provider.headers,
        connectTimeoutMs: Math.min(provider.connectTimeoutMs, timeoutMs),
        requestTimeoutMs: timeoutMs,
        allowPrivateNetwork: provider.allowPrivateNetwork,
        settings: provider.settings,
      },
      model: provider.probeModel,
      request: {
        model: provider.probeModel,
        messages: [{ role: "user", content: "ping" }],
        max_tokens: 1,
      },
      allowPrivate: options.allowPrivate,
      timeoutMs,
      signal: AbortSignal.timeout(timeoutMs + 500),
    });
    const latencyMs = Math.round(now() - started);
    return {
      ok: true,
      latencyMs,
      model: provider.probeModel,
      errorClass: null,
      message: `Answered in ${latencyMs} ms.`,
    };
  } catch (error) {
    const latencyMs = Math.round(now() - started);
    if (isProviderError(error))
      return {
        ok: false,
        latencyMs,
        model: provider.probeModel,
        errorClass: error.errorClass,
        message: `${error.message}${error.status ? ` (HTTP ${error.status})` : ""}`,
      };
    return {
      ok: false,
      latencyMs,
      model: provider.probeModel,
      errorClass: "unknown",
      message: "The request failed before reaching the provider.",
    };
  }
}
