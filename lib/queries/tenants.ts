import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import {
  ApiKeyCreatedSchema,
  ApiKeyViewSchema,
  BudgetViewSchema,
  TenantViewSchema,
  type ApiKeyCreateInput,
  type BudgetPeriod,
  type BudgetUpsertInput,
  type TenantCreateInput,
  type TenantUpdateInput,
} from "@/lib/schemas/console/tenants";
import type { ListSort, TenantSortKey } from "@/lib/schemas/console/list-query";
import { requestJson, toSearch } from "./ops-fetch";

export const tenantKeys = {
  all: ["tenants"] as const,
  list: () => ["tenants", "list"] as const,
  detail: (id: string) => ["tenants", "detail", id] as const,
  keys: (tenantId: string) => ["tenants", "keys", tenantId] as const,
};

/** Rows per page of the tenant list. */
export const TENANT_PAGE_SIZE = 25;
const TenantPageSchema = z.object({
  tenants: z.array(TenantViewSchema),
  nextCursor: z.string().nullable(),
});

/**
 * The tenant list, searched by name or slug, a page at a time ("Load more"), in `sort` order
 * (the server sorts; the cursor carries the order).
 */
export const tenantPagesQuery = (q: string, sort: ListSort<TenantSortKey>) =>
  infiniteQueryOptions({
    queryKey: [...tenantKeys.list(), { q, sort: sort.key, dir: sort.dir }] as const,
    queryFn: ({ pageParam, signal }) =>
      requestJson(
        `/api/console/tenants${toSearch({ q, sort: sort.key, dir: sort.dir, cursor: pageParam, limit: TENANT_PAGE_SIZE })}`,
        TenantPageSchema,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const tenantQuery = (id: string) =>
  queryOptions({
    queryKey: tenantKeys.detail(id),
    queryFn: ({ signal }) =>
      requestJson(`/api/console/tenants/${id}`, TenantViewSchema, { signal }),
  });

export const apiKeysQuery = (tenantId: string) =>
  queryOptions({
    queryKey: tenantKeys.keys(tenantId),
    queryFn: ({ signal }) =>
      requestJson(
        `/api/console/api-keys${toSearch({ tenantId })}`,
        z.object({ keys: z.array(ApiKeyViewSchema) }),
        { signal },
      ).then((r) => r.keys),
  });

export const createTenant = (body: TenantCreateInput) =>
  requestJson("/api/console/tenants", TenantViewSchema, { method: "POST", body });

export const updateTenant = (id: string, body: TenantUpdateInput) =>
  requestJson(`/api/console/tenants/${id}`, TenantViewSchema, { method: "PATCH", body });

export const saveBudget = (tenantId: string, period: BudgetPeriod, body: BudgetUpsertInput) =>
  requestJson(`/api/console/tenants/${tenantId}/budgets/${period}`, BudgetViewSchema, {
    method: "PUT",
    body,
  });

export const removeBudget = (tenantId: string, period: BudgetPeriod) =>
  requestJson(`/api/console/tenants/${tenantId}/budgets/${period}`, z.unknown(), {
    method: "DELETE",
  });

export const createApiKey = (body: ApiKeyCreateInput) =>
  requestJson("/api/console/api-keys", ApiKeyCreatedSchema, { method: "POST", body });

export const revokeApiKey = (id: string) =>
  requestJson(`/api/console/api-keys/${id}`, ApiKeyViewSchema, { method: "DELETE" });
