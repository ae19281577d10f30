import { migrationStatus } from "@/lib/db/migration-status";

export interface Readiness {
  ready: boolean;
  database: "reachable" | "unreachable";
  migrations: { applied: number; pending: string[]; modified: string[] };
  /** One line, never a connection string. */
  error?: string;
}

/** `/api/ready`: the database answers and every committed migration is applied unchanged. */
export async function checkReadiness(): Promise<Readiness> {
  const s = await migrationStatus();
  return {
    ready: s.reachable && s.upToDate,
    database: s.reachable ? "reachable" : "unreachable",
    migrations: { applied: s.applied, pending: s.pending, modified: s.modified },
    ...(s.error ? { error: s.error.replace(/postgres(ql)?:\/\/\S+/g, "postgres://…") } : {}),
  };
}
