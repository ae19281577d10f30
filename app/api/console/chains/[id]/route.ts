import { consoleRoute } from "@/lib/api/console-route";
import { deleteChain, getChain, updateChain } from "@/lib/db/chains";
import { getDb } from "@/lib/db/engine/client";
import { UpdateChainSchema } from "@/lib/schemas/console/chains";
import { requireUuid } from "@/lib/schemas/console/params";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ params }) =>
  getChain(await getDb(), requireUuid(params.id, "chain")),
);

/** Replaces the chain (fields and ordered steps). */
export const PUT = consoleRoute(
  { role: "editor", body: UpdateChainSchema },
  async ({ operator, body, params }) =>
    updateChain(await getDb(), operator, requireUuid(params.id, "chain"), body),
);

export const DELETE = consoleRoute({ role: "editor" }, async ({ operator, params }) => {
  await deleteChain(await getDb(), operator, requireUuid(params.id, "chain"));
  return new Response(null, { status: 204 });
});
