/**
 * Proxy headers (`X-Forwarded-For/-Host/-Proto`) are believed only with SWITCHBOARD_TRUST_PROXY:
 * otherwise any client could send them to pick its own address (sign-in throttle) or origin
 * (console write check). `npm start`'s server removes them before Next sees them and names the
 * socket's address in a header of its own, which it always overwrites.
 */
import type { IncomingMessage } from "node:http";

/** Set by `npm start`'s server from the socket (a client-sent value is overwritten). */
export const CLIENT_ADDRESS_HEADER = "x-switchboard-client-address";

const FORWARDED = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto"];

/** For `npm start`: before Next handles a request, name its socket address; drop proxy headers unless trusted. */
export function prepareForwardedHeaders(
  req: IncomingMessage,
  trustProxy: boolean,
): IncomingMessage {
  const address = req.socket.remoteAddress;
  if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete req.headers[CLIENT_ADDRESS_HEADER];
  if (!trustProxy) {
    for (const name of FORWARDED) delete req.headers[name];
    delete req.headers["x-forwarded-port"];
  }
  return req;
}

type HeaderGetter = (name: string) => string | null | undefined;

const first = (value: string | null | undefined): string | null => {
  const v = value?.split(",")[0]?.trim();
  return v ? v : null;
};

/**
 * The client's address: with a trusted proxy, the last `X-Forwarded-For` entry (the address the
 * proxy itself saw; earlier entries are whatever the client sent); else the socket's address from
 * `npm start`'s server. Null when neither is known.
 */
export function clientAddress(get: HeaderGetter, trustProxy: boolean): string | null {
  if (trustProxy) {
    const hops = (get("x-forwarded-for") ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last.slice(0, 100);
  }
  return first(get(CLIENT_ADDRESS_HEADER))?.slice(0, 100) ?? null;
}

/**
 * The origins a console write may come from: the configured public URLs (PUBLIC_URL,
 * NEXTAUTH_URL) and the request's own `scheme://host[:port]`, read from the proxy headers only
 * when they are trusted (else the `Host` header and the URL's scheme).
 */
export function allowedOrigins(
  get: HeaderGetter,
  requestUrl: URL,
  options: { trustProxy: boolean; publicUrls: ReadonlyArray<string | undefined> },
): Set<string> {
  const out = new Set<string>();
  for (const u of options.publicUrls) {
    if (!u) continue;
    try {
      out.add(new URL(u).origin);
    } catch {
      // lib/env.ts validates these; an unparsable one simply allows nothing.
    }
  }
  const proto = options.trustProxy ? first(get("x-forwarded-proto")) : null;
  const host = (options.trustProxy ? first(get("x-forwarded-host")) : null) ?? get("host");
  const scheme = proto ? `${proto.replace(/:$/, "")}:` : requestUrl.protocol;
  if (host) {
    try {
      out.add(new URL(`${scheme}//${host}`).origin);
    } catch {
      // A malformed Host matches no origin.
    }
  } else out.add(requestUrl.origin);
  return out;
}
