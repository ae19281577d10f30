import { queryOptions } from "@tanstack/react-query";
import type { ChainRecord, CreateChainInput, UpdateChainInput } from "@/lib/schemas/console/chains";
import { callApi, callApiEmpty } from "./config-fetch";

export type { ChainRecord };

export const chainKeys = { all: ["chains"] as const, list: () => ["chains", "list"] as const };

export const chainListQuery = () =>
  queryOptions({
    queryKey: chainKeys.list(),
    queryFn: ({ signal }) =>
      callApi<{ chains: ChainRecord[] }>("/api/console/chains", { signal }).then((r) => r.chains),
  });

export const createChain = (body: CreateChainInput) =>
  callApi<ChainRecord>("/api/console/chains", { method: "POST", body });

export const updateChain = (id: string, body: UpdateChainInput) =>
  callApi<ChainRecord>(`/api/console/chains/${id}`, { method: "PUT", body });

export const deleteChain = (id: string) =>
  callApiEmpty(`/api/console/chains/${id}`, { method: "DELETE" });
