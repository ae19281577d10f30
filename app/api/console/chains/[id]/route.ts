import { consoleRoute, requireUuid } from "@/lib/api/console-route";
import { deleteChain, getChain, updateChain } from "@/lib/db/chains";
import { UpdateChainSchema } from "@/lib/schemas/console/chains";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ db, params }) =>
  getChain(db, requireUuid(params.id, "chain")),
);

/** Replaces the chain (fields and ordered steps). */
export const PUT = consoleRoute(
  { role: "editor", body: UpdateChainSchema },
  async ({ operator, db, body, params }) =>
    updateChain(db, operator, requireUuid(params.id, "chain"), body),
);

export const DELETE = consoleRoute({ role: "editor" }, async ({ operator, db, params }) => {
  await deleteChain(db, operator, requireUuid(params.id, "chain"));
  return new Response(null, { status: 204 });
});
