import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import {
  OperatorViewSchema,
  type OperatorCreateInput,
  type OperatorUpdateInput,
} from "@/lib/schemas/console/operators";
import { requestJson } from "./ops-fetch";

export const operatorKeys = { all: ["operators"] as const };

export const operatorListQuery = () =>
  queryOptions({
    queryKey: operatorKeys.all,
    queryFn: ({ signal }) =>
      requestJson("/api/console/operators", z.object({ operators: z.array(OperatorViewSchema) }), {
        signal,
      }).then((r) => r.operators),
  });

export const createOperator = (body: OperatorCreateInput) =>
  requestJson("/api/console/operators", OperatorViewSchema, { method: "POST", body });

export const updateOperator = (id: string, body: OperatorUpdateInput) =>
  requestJson(`/api/console/operators/${id}`, OperatorViewSchema, { method: "PATCH", body });
