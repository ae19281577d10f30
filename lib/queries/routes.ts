import { queryOptions } from "@tanstack/react-query";
import type {
  DryRunReport,
  PolicyVersionDetail,
  PolicyVersionSummary,
  PolicyWarning,
  PublishedVersion,
  RouteDetail,
  RouteSummary,
  UpdateRouteInput,
} from "@/lib/schemas/console/routes";
import { callApi, callApiEmpty } from "./config-fetch";

export type {
  DryRunReport,
  PolicyWarning,
  PolicyVersionDetail,
  PolicyVersionSummary,
  RouteDetail,
  RouteSummary,
};

export const routeKeys = {
  all: ["routes"] as const,
  list: () => ["routes", "list"] as const,
  detail: (slug: string) => ["routes", "detail", slug] as const,
  versions: (slug: string) => ["routes", "versions", slug] as const,
  version: (id: string) => ["routes", "version", id] as const,
};

export const routeListQuery = () =>
  queryOptions({
    queryKey: routeKeys.list(),
    queryFn: ({ signal }) =>
      callApi<{ routes: RouteSummary[] }>("/api/console/routes", { signal }).then((r) => r.routes),
  });

export const routeDetailQuery = (slug: string) =>
  queryOptions({
    queryKey: routeKeys.detail(slug),
    queryFn: ({ signal }) =>
      callApi<RouteDetail>(`/api/console/routes/${encodeURIComponent(slug)}`, { signal }),
  });

export const routeVersionsQuery = (slug: string) =>
  queryOptions({
    queryKey: routeKeys.versions(slug),
    queryFn: ({ signal }) =>
      callApi<{ versions: PolicyVersionSummary[]; nextCursor: number | null }>(
        `/api/console/routes/${encodeURIComponent(slug)}/versions?limit=200`,
        { signal },
      ),
  });

export const policyVersionQuery = (id: string) =>
  queryOptions({
    queryKey: routeKeys.version(id),
    queryFn: ({ signal }) =>
      callApi<PolicyVersionDetail>(`/api/console/policies/${id}`, { signal }),
    staleTime: Infinity, // versions are immutable
  });

export function publishPolicy(
  slug: string,
  body: { document: unknown; comment: string; baseVersionId: string | null },
) {
  return callApi<PublishedVersion>(`/api/console/routes/${encodeURIComponent(slug)}/versions`, {
    method: "POST",
    body,
  });
}

export function revertPolicy(slug: string, body: { versionId: string; comment: string }) {
  return callApi<PolicyVersionSummary>(`/api/console/routes/${encodeURIComponent(slug)}/revert`, {
    method: "POST",
    body,
  });
}

export function dryRunPolicy(slug: string, body: { document: unknown; limit: number }) {
  return callApi<DryRunReport>(`/api/console/routes/${encodeURIComponent(slug)}/dry-run`, {
    method: "POST",
    body,
  });
}

export function createRoute(body: {
  slug: string;
  description: string;
  baselineModelSlug: string | null;
  document: unknown;
  comment: string;
}) {
  return callApi<RouteDetail>("/api/console/routes", { method: "POST", body });
}

export function updateRoute(slug: string, body: UpdateRouteInput) {
  return callApi<RouteDetail>(`/api/console/routes/${encodeURIComponent(slug)}`, {
    method: "PATCH",
    body,
  });
}

export function deleteRoute(slug: string) {
  return callApiEmpty(`/api/console/routes/${encodeURIComponent(slug)}`, { method: "DELETE" });
}
