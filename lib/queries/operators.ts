import { infiniteQueryOptions } from "@tanstack/react-query";
import { z } from "zod";
import {
  OperatorViewSchema,
  type OperatorCreateInput,
  type PasswordChangeInput,
  type OperatorUpdateInput,
} from "@/lib/schemas/console/operators";
import type { ListSort, OperatorSortKey } from "@/lib/schemas/console/list-query";
import { requestJson, toSearch } from "./ops-fetch";

export const operatorKeys = { all: ["operators"] as const };

/** Rows per page of the operator list. */
export const OPERATOR_PAGE_SIZE = 25;
const OperatorPageSchema = z.object({
  operators: z.array(OperatorViewSchema),
  nextCursor: z.string().nullable(),
});

/**
 * The operator list, searched by email or name, a page at a time ("Load more"), by email in
 * `sort` order (the server sorts; the cursor carries the order).
 */
export const operatorPagesQuery = (q: string, sort: ListSort<OperatorSortKey>) =>
  infiniteQueryOptions({
    queryKey: [...operatorKeys.all, "list", { q, sort: sort.key, dir: sort.dir }] as const,
    queryFn: ({ pageParam, signal }) =>
      requestJson(
        `/api/console/operators${toSearch({ q, sort: sort.key, dir: sort.dir, cursor: pageParam, limit: OPERATOR_PAGE_SIZE })}`,
        OperatorPageSchema,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const createOperator = (body: OperatorCreateInput) =>
  requestJson("/api/console/operators", OperatorViewSchema, { method: "POST", body });

export const updateOperator = (id: string, body: OperatorUpdateInput) =>
  requestJson(`/api/console/operators/${id}`, OperatorViewSchema, { method: "PATCH", body });

const PasswordResultSchema = z.object({ sessionsEnded: z.literal(true) });

export const resetOperatorPassword = (id: string, password: string) =>
  requestJson(`/api/console/operators/${id}/password`, PasswordResultSchema, {
    method: "PUT",
    body: { password },
  });

export const changeOwnPassword = (body: PasswordChangeInput) =>
  requestJson("/api/console/account/password", PasswordResultSchema, { method: "PUT", body });
