import { checkReadiness } from "@/lib/api/readiness";

export const dynamic = "force-dynamic";

/** Readiness: the database answers and every migration is applied. */
export async function GET(): Promise<Response> {
  const r = await checkReadiness();
  return Response.json(r, {
    status: r.ready ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
