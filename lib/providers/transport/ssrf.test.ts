import { describe, expect, test } from "vitest";
import { assertAllowedUrl, checkUpstreamUrl, createGuardedLookup, isPrivateAddress } from "./ssrf";
import { ProviderError } from "../errors";

describe("isPrivateAddress", () => {
  test.each([
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.100.100.200",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "198.18.0.1",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd00:ec2::254",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "64:ff9b::10.0.0.1",
    "2002:a00:1::",
    "[::1]",
    "fe80::1%eth0",
    "not-an-ip",
  ])("%s is refused", (ip) => expect(isPrivateAddress(ip)).toBe(true));

  test.each([
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
  ])("%s is public", (ip) => expect(isPrivateAddress(ip)).toBe(false));
});

describe("assertAllowedUrl", () => {
  test("only http and https", () => {
    expect(() => assertAllowedUrl(new URL("file:///etc/passwd"), true)).toThrow(ProviderError);
    expect(() => assertAllowedUrl(new URL("ftp://example.com"), false)).toThrow(/scheme/);
  });
  test("literal private hosts are refused unless allowed", () => {
    expect(() => assertAllowedUrl(new URL("http://127.0.0.1:8080/v1"), false)).toThrow(/private/);
    expect(() => assertAllowedUrl(new URL("http://[::1]/v1"), false)).toThrow(/private/);
    expect(() => assertAllowedUrl(new URL("http://169.254.169.254/"), false)).toThrow(/private/);
    expect(() => assertAllowedUrl(new URL("http://127.0.0.1:8080/v1"), true)).not.toThrow();
    expect(() => assertAllowedUrl(new URL("https://8.8.8.8/v1"), false)).not.toThrow();
  });
});

describe("createGuardedLookup", () => {
  type Addr = { address: string; family: number };
  const fakeDns = (addresses: Addr[]) =>
    ((_host: string, _opts: unknown, cb: (e: Error | null, a: Addr[]) => void) =>
      cb(null, addresses)) as never;
  const run = (addresses: Addr[]) =>
    new Promise<{ err: Error | null; address: string }>((resolve) =>
      createGuardedLookup(fakeDns(addresses))("h.example", {}, (err, address) =>
        resolve({ err, address: String(address) }),
      ),
    );

  test("every resolved address is checked (one private address refuses the name)", async () => {
    const r = await run([
      { address: "8.8.8.8", family: 4 },
      { address: "10.0.0.5", family: 4 },
    ]);
    expect(r.err).toBeInstanceOf(ProviderError);
  });
  test("a public name connects to the checked address (pinned)", async () => {
    const r = await run([{ address: "8.8.4.4", family: 4 }]);
    expect(r.err).toBeNull();
    expect(r.address).toBe("8.8.4.4");
  });
  test("checkUpstreamUrl refuses a literal loopback and accepts it when allowed", async () => {
    await expect(checkUpstreamUrl("http://127.0.0.1:1234", false)).rejects.toThrow(/private/);
    await expect(checkUpstreamUrl("http://127.0.0.1:1234", true)).resolves.toBeUndefined();
    await expect(checkUpstreamUrl("not a url", false)).rejects.toThrow(/valid URL/);
  });
});
