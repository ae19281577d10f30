/** The last N logged decisions of a route, as the dry run needs them (bounded, indexed read). */
import type { PrismaClient } from "./generated/client";

export interface DecisionSample {
  id: string;
  features: unknown;
  tenantId: string | null;
  createdAt: Date;
  finalModel: string | null;
  /** The model of the first attempt: the engine's initial choice (a cascade may end elsewhere). */
  firstModel: string | null;
  status: string;
  escalated: boolean;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
}

export async function listDecisionSamples(
  db: PrismaClient,
  routeSlug: string,
  limit: number,
): Promise<DecisionSample[]> {
  const rows = await db.decision.findMany({
    where: { routeSlug },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(limit, 1), 5000),
    select: {
      id: true,
      features: true,
      tenantId: true,
      createdAt: true,
      finalModel: true,
      status: true,
      escalated: true,
      latencyMs: true,
      inputTokens: true,
      outputTokens: true,
      cachedTokens: true,
      costUsd: true,
      attempts: { where: { position: 0 }, select: { model: true } },
    },
  });
  return rows.map(({ attempts, ...r }) => ({
    ...r,
    firstModel: attempts[0]?.model ?? r.finalModel,
    costUsd: r.costUsd.toNumber(),
  }));
}
