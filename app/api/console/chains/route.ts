import { consoleRoute } from "@/lib/api/console-route";
import { createChain, listChains } from "@/lib/db/chains";
import { CreateChainSchema } from "@/lib/schemas/console/chains";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async ({ db }) => ({
  chains: await listChains(db),
}));

export const POST = consoleRoute(
  { role: "editor", body: CreateChainSchema },
  async ({ operator, db, body }) => createChain(db, operator, body),
);
