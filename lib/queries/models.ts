import { queryOptions } from "@tanstack/react-query";
import type { CreateModelInput, ModelRecord, UpdateModelInput } from "@/lib/schemas/console/models";
import { callApi, callApiEmpty } from "./config-fetch";

export type { ModelRecord };

export const modelKeys = { all: ["models"] as const, list: () => ["models", "list"] as const };

export const modelListQuery = () =>
  queryOptions({
    queryKey: modelKeys.list(),
    queryFn: ({ signal }) =>
      callApi<{ models: ModelRecord[] }>("/api/console/models", { signal }).then((r) => r.models),
  });

export const createModel = (body: CreateModelInput) =>
  callApi<ModelRecord>("/api/console/models", { method: "POST", body });

export const updateModel = (id: string, body: UpdateModelInput) =>
  callApi<ModelRecord>(`/api/console/models/${id}`, { method: "PATCH", body });

export const deleteModel = (id: string) =>
  callApiEmpty(`/api/console/models/${id}`, { method: "DELETE" });
