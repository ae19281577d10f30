import { queryOptions } from "@tanstack/react-query";
import type { RollbackState, SetRollbackInput } from "@/lib/schemas/console/rollback";
import { callApi } from "./config-fetch";

export type { RollbackState };

export const rollbackKeys = { state: ["rollback"] as const };

export const rollbackQuery = () =>
  queryOptions({
    queryKey: rollbackKeys.state,
    queryFn: ({ signal }) => callApi<RollbackState>("/api/console/rollback", { signal }),
    // Everyone should notice another operator's flip without reloading.
    refetchInterval: 15_000,
  });

export const setRollback = (body: SetRollbackInput) =>
  callApi<RollbackState>("/api/console/rollback", { method: "PUT", body });
