import { queryOptions } from "@tanstack/react-query";
import type {
  ConnectionTestResult,
  CreateProviderInput,
  ProviderRecord,
  UpdateProviderInput,
} from "@/lib/schemas/console/providers";
import { callApi, callApiEmpty } from "./config-fetch";

export type { ConnectionTestResult, ProviderRecord };

export const providerKeys = {
  all: ["providers"] as const,
  list: () => ["providers", "list"] as const,
};

export const providerListQuery = () =>
  queryOptions({
    queryKey: providerKeys.list(),
    queryFn: ({ signal }) =>
      callApi<{ providers: ProviderRecord[] }>("/api/console/providers", { signal }).then(
        (r) => r.providers,
      ),
  });

export const createProvider = (body: CreateProviderInput) =>
  callApi<ProviderRecord>("/api/console/providers", { method: "POST", body });

export const updateProvider = (id: string, body: UpdateProviderInput) =>
  callApi<ProviderRecord>(`/api/console/providers/${id}`, { method: "PATCH", body });

export const setProviderCredential = (id: string, value: string | null) =>
  callApi<ProviderRecord>(`/api/console/providers/${id}/credential`, {
    method: "PUT",
    body: { value },
  });

export const testProvider = (id: string) =>
  callApi<ConnectionTestResult>(`/api/console/providers/${id}/test`, { method: "POST" });

export const deleteProvider = (id: string) =>
  callApiEmpty(`/api/console/providers/${id}`, { method: "DELETE" });
