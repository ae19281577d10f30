import { migrationStatus } from "@/lib/db/migration-status";
import { getGatewayLifecycle } from "@/lib/gateway/gateway-lifecycle";

export interface Readiness {
  ready: boolean;
  /** The process is shutting down (SIGTERM): a load balancer should stop sending to it. */
  draining?: true;
  database: "reachable" | "unreachable";
  migrations: { applied: number; pending: string[]; modified: string[] };
  /** One line, never a connection string. */
  error?: string;
}

/** `/api/ready`: the database answers and every committed migration is applied unchanged. */
export async function checkReadiness(): Promise<Readiness> {
  const s = await migrationStatus();
  const draining = getGatewayLifecycle().draining;
  return {
    ready: s.reachable && s.upToDate && !draining,
    ...(draining ? { draining: true as const } : {}),
    database: s.reachable ? "reachable" : "unreachable",
    migrations: { applied: s.applied, pending: s.pending, modified: s.modified },
    ...(s.error ? { error: s.error.replace(/postgres(ql)?:\/\/\S+/g, "postgres://…") } : {}),
  };
}
