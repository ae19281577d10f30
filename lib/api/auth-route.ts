/**
 * next-auth's route, with refused sign-ins given their proper HTTP status: next-auth answers
 * every refusal with 401 and the reason in the redirect URL; a throttled one becomes 429 with
 * `Retry-After`, a database outage 503. The body (what `signIn()` reads) is unchanged.
 */
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";
import { SIGN_IN_ERRORS, throttleSeconds } from "@/lib/schemas/console/sign-in";

type Ctx = { params: Promise<{ nextauth: string[] }> };

function refusalCode(location: string | null, body: unknown): string | null {
  const url =
    location ??
    (body !== null &&
    typeof body === "object" &&
    typeof (body as { url?: unknown }).url === "string"
      ? (body as { url: string }).url
      : null);
  if (!url) return null;
  try {
    return new URL(url, "http://localhost").searchParams.get("error");
  } catch {
    return null;
  }
}

export async function handleAuth(req: Request, ctx: Ctx): Promise<Response> {
  const handler = NextAuth(await getAuthOptions());
  const res = (await handler(req, ctx)) as Response;
  if (req.method !== "POST" || !new URL(req.url).pathname.endsWith("/callback/credentials"))
    return res;
  if (res.status !== 401) return res;
  const text = await res.clone().text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const code = refusalCode(res.headers.get("location"), body);
  const wait = throttleSeconds(code);
  const status = wait !== null ? 429 : code === SIGN_IN_ERRORS.databaseUnavailable ? 503 : null;
  if (status === null) return res;
  const headers = new Headers(res.headers);
  headers.set("retry-after", String(wait ?? 5));
  return new Response(text, { status, headers });
}
