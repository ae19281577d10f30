import { consoleRoute } from "@/lib/api/console-route";
import { createChain, listChains } from "@/lib/db/chains";
import { getDb } from "@/lib/db/engine/client";
import { CreateChainSchema } from "@/lib/schemas/console/chains";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ role: "viewer" }, async () => ({
  chains: await listChains(await getDb()),
}));

export const POST = consoleRoute(
  { role: "editor", body: CreateChainSchema },
  async ({ operator, body }) => createChain(await getDb(), operator, body),
);
