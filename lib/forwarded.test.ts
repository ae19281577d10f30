import { describe, expect, it } from "vitest";
import { allowedOrigins, CLIENT_ADDRESS_HEADER, clientAddress } from "./forwarded";

const headers = (h: Record<string, string>) => (name: string) => h[name] ?? null;

describe("proxy headers", () => {
  it("takes the client address from the server's header unless the proxy is trusted", () => {
    const h = headers({
      [CLIENT_ADDRESS_HEADER]: "10.0.0.9",
      "x-forwarded-for": "1.2.3.4, 5.6.7.8",
    });
    expect(clientAddress(h, false)).toBe("10.0.0.9");
    // Trusted: the last hop is what the proxy saw; earlier ones are the client's own claims.
    expect(clientAddress(h, true)).toBe("5.6.7.8");
    expect(clientAddress(headers({}), false)).toBeNull();
  });

  it("allows the configured URLs and the request's own origin, forwarded only when trusted", () => {
    const url = new URL("http://127.0.0.1:3000/api/console/tenants");
    const h = headers({
      host: "127.0.0.1:3000",
      "x-forwarded-host": "console.example.com",
      "x-forwarded-proto": "https",
    });
    const publicUrls = ["https://sb.example.org/", undefined];
    expect([...allowedOrigins(h, url, { trustProxy: false, publicUrls })].sort()).toEqual([
      "http://127.0.0.1:3000",
      "https://sb.example.org",
    ]);
    expect([...allowedOrigins(h, url, { trustProxy: true, publicUrls })].sort()).toEqual([
      "https://console.example.com",
      "https://sb.example.org",
    ]);
  });
});
