import type { PrismaClient } from "@/lib/db/engine/client";
import { migrationStatus } from "@/lib/db/engine/migration-status";
import { getGatewayLifecycle } from "@/lib/gateway/gateway-lifecycle";

export interface Readiness {
  ready: boolean;
  /** The process is shutting down (SIGTERM): a load balancer should stop sending to it. */
  draining?: true;
  database: "reachable" | "unreachable";
  /** Null while the database is unreachable: nothing is known about them then. */
  migrations: { applied: number; pending: string[]; modified: string[] } | null;
  /** One line, never a connection string. */
  error?: string;
}

/** `/api/ready`: the database answers and every committed migration is applied unchanged. */
export async function checkReadiness(options: { db?: PrismaClient } = {}): Promise<Readiness> {
  const s = await migrationStatus(options);
  const draining = getGatewayLifecycle().draining;
  const drainingField = draining ? { draining: true as const } : {};
  const scrub = (line: string) => line.replace(/postgres(ql)?:\/\/\S+/g, "postgres://…");
  if (!s.reachable)
    return {
      ready: false,
      ...drainingField,
      database: "unreachable",
      migrations: null,
      error: scrub(`database unreachable: ${s.error ?? "no answer"}`),
    };
  return {
    ready: s.upToDate && !draining,
    ...drainingField,
    database: "reachable",
    migrations: { applied: s.applied, pending: s.pending, modified: s.modified },
    ...(s.error ? { error: scrub(s.error) } : {}),
  };
}
