import { ProviderError } from "./errors";
import { readErrorResponse, sendRequest, type UpstreamResponse } from "./transport";
import type { ProviderCall } from "./types";

/** Reads a typed setting, falling back when it is absent or of another type. */
export function readSetting<T extends string | number | boolean>(
  call: ProviderCall,
  key: string,
  fallback: T,
): T {
  const v = call.provider.settings[key];
  return typeof v === typeof fallback ? (v as T) : fallback;
}

const joined = new Map<string, URL>();

/**
 * Joins a base URL and a path (which may carry a query); a bad base URL is the operator's
 * `invalid_request`. Memoized per endpoint: callers must not mutate the URL.
 */
export function joinUrl(base: string | null, path: string): URL {
  if (!base) throw new ProviderError("invalid_request", "provider has no base URL");
  const key = `${base}\n${path}`;
  let url = joined.get(key);
  if (url) return url;
  try {
    url = new URL(`${base.replace(/\/+$/, "")}${path}`);
  } catch {
    throw new ProviderError("invalid_request", "provider base URL is not a valid URL");
  }
  if (joined.size >= 512) joined.clear();
  joined.set(key, url);
  return url;
}

/** POSTs to the upstream; resolves on a 2xx, rejects with a classified error otherwise. */
export async function postToUpstream(
  call: ProviderCall,
  url: URL,
  headers: Record<string, string>,
  body: string,
): Promise<UpstreamResponse> {
  const res = await sendRequest({
    url,
    headers,
    body,
    connectTimeoutMs: call.provider.connectTimeoutMs,
    timeoutMs: call.timeoutMs ?? call.provider.requestTimeoutMs,
    allowPrivate: call.provider.allowPrivateNetwork || call.allowPrivate === true,
    secret: call.provider.apiKey,
    ...(call.signal ? { signal: call.signal } : {}),
  });
  if (res.status < 200 || res.status >= 300)
    throw await readErrorResponse(res, call.provider.apiKey);
  return res;
}

/** Checks that a stream request got an event stream back. */
export function assertEventStream(res: UpstreamResponse): void {
  const type = String(res.headers["content-type"] ?? "");
  if (type.includes("text/event-stream")) return;
  res.destroy();
  throw new ProviderError(
    "server_error",
    `upstream answered a stream request with ${type || "no content type"}`,
    {
      status: res.status,
    },
  );
}

/** The idle timeout between content events once a stream produced content. */
export function readIdleTimeout(call: ProviderCall): number {
  return readSetting(call, "streamIdleTimeoutMs", call.timeoutMs ?? call.provider.requestTimeoutMs);
}
