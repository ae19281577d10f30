import { infiniteQueryOptions } from "@tanstack/react-query";
import { callApi } from "./config-fetch";
import { toSearch } from "./ops-fetch";

export interface AuditEntry {
  id: string;
  at: string;
  actorEmail: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export const auditKeys = {
  all: ["audit"] as const,
  list: (entityType: string) => ["audit", "list", entityType] as const,
};

export const auditListQuery = (entityType: string) =>
  infiniteQueryOptions({
    queryKey: auditKeys.list(entityType),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      callApi<{ entries: AuditEntry[]; nextCursor: string | null }>(
        `/api/console/audit${toSearch({ cursor: pageParam, entityType, limit: 50 })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
