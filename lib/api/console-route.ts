import type { z } from "zod";
import { requireOperator, type CurrentOperator } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import { getDb, type PrismaClient } from "@/lib/db/engine/client";
import { isDatabaseUnavailable } from "@/lib/db/engine/unavailable";
import { loadEnv } from "@/lib/env";
import { AppError, toProblem } from "../errors";
import { allowedOrigins } from "../forwarded";
import { isUuid } from "../ids";
import { resolveRequestId } from "./request-id";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const MAX_BODY_BYTES = 1_000_000;

export interface ConsoleContext<B, Q> {
  req: Request;
  operator: CurrentOperator;
  requestId: string;
  db: PrismaClient;
  body: B;
  query: Q;
  params: Record<string, string>;
  url: URL;
}

interface Options<S extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  role: Role;
  body?: S;
  /** Parsed from the URL's search params; blank values count as absent (forms send them). */
  query?: Q;
}

type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;

/**
 * Wraps a console API handler: session + role check, Origin check on writes (Auth.js CSRF covers
 * only its own routes), strict body and query parsing, the database, request id, problem+json
 * errors. Handlers return a plain value (serialized as JSON) or a Response.
 */
export function consoleRoute<
  S extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(
  options: Options<S, Q>,
  handler: (ctx: ConsoleContext<Parsed<S>, Parsed<Q>>) => Promise<unknown>,
) {
  return async (
    req: Request,
    ctx: { params: Promise<Record<string, string | string[]>> },
  ): Promise<Response> => {
    const requestId = resolveRequestId(req.headers.get("x-request-id"));
    const url = new URL(req.url);
    try {
      if (WRITE_METHODS.has(req.method)) checkOrigin(req, url);
      const operator = await requireOperator(options.role);
      const body = (options.body ? await parseBody(req, options.body) : undefined) as Parsed<S>;
      const query = (options.query ? parseQuery(url, options.query) : undefined) as Parsed<Q>;
      const raw = ctx?.params ? await ctx.params : {};
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw)) params[k] = Array.isArray(v) ? v.join("/") : v;
      const db = await getDb();
      const result = await handler({ req, operator, requestId, db, body, query, params, url });
      if (result instanceof Response) return result;
      return Response.json(result ?? null, {
        status: req.method === "POST" ? 201 : 200,
        headers: { "x-request-id": requestId, "cache-control": "no-store" },
      });
    } catch (caught) {
      const err = isDatabaseUnavailable(caught)
        ? new AppError("database_unavailable", "The database is unavailable; try again shortly.", {
            headers: { "retry-after": "5" },
          })
        : caught;
      if (!(err instanceof AppError)) logUnexpected(requestId, err);
      else if (err.code === "database_unavailable") logUnavailable(requestId, caught);
      const p = toProblem(err, requestId, url.pathname);
      return new Response(JSON.stringify(p.body), {
        status: p.status,
        headers: { ...p.headers, "x-request-id": requestId },
      });
    }
  };
}

function checkOrigin(req: Request, url: URL): void {
  const origin = req.headers.get("origin");
  if (!origin) throw new AppError("bad_origin", "Writes must come from the console (no Origin).");
  let from: string;
  try {
    from = new URL(origin).origin;
  } catch {
    throw new AppError("bad_origin", "Malformed Origin header.");
  }
  const env = loadEnv();
  // Scheme, host and port must match; X-Forwarded-* count only from a trusted proxy.
  const allowed = allowedOrigins((name) => req.headers.get(name), url, {
    trustProxy: env.SWITCHBOARD_TRUST_PROXY,
    publicUrls: [env.PUBLIC_URL, env.NEXTAUTH_URL],
  });
  if (!allowed.has(from)) throw new AppError("bad_origin", "Cross-origin writes are refused.");
}

async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json"))
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new AppError("payload_too_large", "The body is larger than 1 MB.");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationFailed("The body failed validation.", parsed.error);
  return parsed.data;
}

function parseQuery<S extends z.ZodType>(url: URL, schema: S): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (v !== "") raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationFailed("The query string failed validation.", parsed.error);
  return parsed.data;
}

/** One `{path, message}` per issue: the forms put each next to its field. */
function validationFailed(message: string, error: z.ZodError): AppError {
  const details = error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return new AppError("validation_failed", message, { details });
}

/** A path id that must be a uuid; anything else is simply not found (not a database error). */
export function requireUuid(value: string | undefined, what: string): string {
  if (value === undefined || !isUuid(value)) throw new AppError("not_found", `No such ${what}.`);
  return value;
}

function logUnexpected(requestId: string, err: unknown): void {
  // Name and message only: a stack or a cause may carry a secret.
  const name = err instanceof Error ? err.name : typeof err;
  const message = err instanceof Error ? err.message.slice(0, 200) : "";
  console.error(`[console-api] ${requestId} unexpected ${name}: ${message}`);
}

function logUnavailable(requestId: string, err: unknown): void {
  // First line only, and never a connection string.
  const message = err instanceof Error ? (err.message.trim().split("\n").pop() ?? "") : "";
  console.error(
    `[console-api] ${requestId} database unavailable: ${message.replace(/postgres(ql)?:\/\/\S+/g, "postgres://…").slice(0, 200)}`,
  );
}
