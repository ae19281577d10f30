import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { ProviderError } from "../errors";

/**
 * SSRF guard for operator-supplied base URLs: only http/https, and no private, loopback,
 * link-local, CGNAT, unique-local, multicast, reserved or metadata addresses unless allowed.
 * Names are checked after DNS resolution (every address), and the checked addresses are the ones
 * the socket connects to (the guard is the socket's `lookup`), so a rebinding DNS cannot swap them.
 */

type Range = readonly [base: number, bits: number];

// IPv4 ranges as [network as uint32, prefix length].
const V4_BLOCKED: readonly Range[] = [
  [0x00000000, 8], // 0.0.0.0/8 "this network"
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 CGNAT (incl. 100.100.100.200 metadata)
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // 169.254/16 link-local (incl. 169.254.169.254 metadata)
  [0xac100000, 12], // 172.16/12
  [0xc0000000, 24], // 192.0.0/24 IETF protocol assignments
  [0xc0000200, 24], // 192.0.2/24 TEST-NET-1
  [0xc0a80000, 16], // 192.168/16
  [0xc6120000, 15], // 198.18/15 benchmarking
  [0xc6336400, 24], // 198.51.100/24 TEST-NET-2
  [0xcb007100, 24], // 203.0.113/24 TEST-NET-3
  [0xe0000000, 4], // multicast
  [0xf0000000, 4], // reserved + broadcast
];

function parseIpv4(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

function isBlockedV4(n: number): boolean {
  for (const [base, bits] of V4_BLOCKED) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((n & mask) >>> 0 === base) return true;
  }
  return false;
}

/** Expands an IPv6 literal into 8 hextets (handles `::` and an embedded IPv4 tail). */
function parseIpv6(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  const lastColon = text.lastIndexOf(":");
  const last = text.slice(lastColon + 1);
  if (last.includes(".")) {
    const v4 = parseIpv4(last);
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const toNums = (s: string): number[] | null => {
    if (s === "") return [];
    const out: number[] = [];
    for (const h of s.split(":")) {
      if (!/^[0-9a-f]{1,4}$/.test(h)) return null;
      out.push(parseInt(h, 16));
    }
    return out;
  };
  const head = toNums(halves[0] ?? "");
  const rest = halves.length === 2 ? toNums(halves[1] ?? "") : [];
  if (!head || !rest) return null;
  const known = head.length + rest.length;
  if (halves.length === 1 && known !== 8) return null;
  if (known > 8) return null;
  const zeros = new Array<number>(8 - known).fill(0);
  return [...head, ...zeros, ...rest];
}

function isBlockedV6(h: number[]): boolean {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, last = 0] = h;
  const embeddedV4 = ((g << 16) | last) >>> 0;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0) {
    if (f === 0xffff || f === 0) {
      // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), :: and ::1
      if (f === 0 && g === 0 && last <= 1) return true;
      return isBlockedV4(embeddedV4);
    }
  }
  if (a === 0x64 && b === 0xff9b) return isBlockedV4(embeddedV4); // NAT64
  if (a === 0x2002) return isBlockedV4(((b << 16) | c) >>> 0); // 6to4
  if ((a & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local (incl. fd00:ec2::254)
  if ((a & 0xffc0) === 0xfe80) return true; // link-local
  if ((a & 0xffc0) === 0xfec0) return true; // site-local (deprecated)
  if ((a & 0xff00) === 0xff00) return true; // multicast
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  return false;
}

/** True when `ip` (a literal address) is not a public unicast address. Non-IPs return true. */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip.replace(/^\[|\]$/g, "").split("%")[0] ?? "");
  const bare = ip.replace(/^\[|\]$/g, "");
  if (family === 4) {
    const n = parseIpv4(bare);
    return n === null || isBlockedV4(n);
  }
  if (family === 6) {
    const h = parseIpv6(bare);
    return h === null || isBlockedV6(h);
  }
  return true;
}

function refuse(host: string, address: string): ProviderError {
  return new ProviderError(
    "connect",
    `refused to connect to ${host} (${address}): private or reserved address; set allowPrivateNetwork on the provider to allow it`,
    { upstreamCode: "ssrf_blocked" },
  );
}

/**
 * Checks the URL's scheme and, when the host is an IP literal, the address. Names are checked at
 * connect time by `createGuardedLookup`. Throws a `ProviderError` (`invalid_request` for a bad URL,
 * `connect` for a refused address).
 */
export function assertAllowedUrl(url: URL, allowPrivate: boolean): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ProviderError("invalid_request", `unsupported upstream scheme ${url.protocol}`, {
      upstreamCode: "ssrf_blocked",
    });
  }
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0 && isPrivateAddress(host)) throw refuse(host, host);
}

/** A socket `lookup` that resolves every address, refuses if any is private, and pins the result. */
export function createGuardedLookup(resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, "", 0);
      const list = Array.isArray(addresses) ? addresses : [];
      const bad = list.find((a) => isPrivateAddress(a.address));
      if (bad || list.length === 0) {
        const error = refuse(
          hostname,
          bad?.address ?? "no address",
        ) as unknown as NodeJS.ErrnoException;
        return callback(error, "", 0);
      }
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}

/** Resolves a URL's host now and throws if it is refused (for validating a provider on save). */
export async function checkUpstreamUrl(rawUrl: string, allowPrivate: boolean): Promise<void> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new ProviderError("invalid_request", "upstream base URL is not a valid URL");
  }
  assertAllowedUrl(url, allowPrivate);
  if (allowPrivate || isIP(url.hostname.replace(/^\[|\]$/g, "")) !== 0) return;
  const lookup = createGuardedLookup();
  await new Promise<void>((resolve, reject) => {
    lookup(url.hostname, { all: true }, (err) => (err ? reject(err) : resolve()));
  });
}
