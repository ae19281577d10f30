"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatAgo, formatCount, formatDateTime } from "@/components/ui/format";
import { SortHeader, useSorted } from "@/components/ui/sortable";
import { EmptyState, ErrorState, Loading } from "@/components/ui/states";
import { routeListQuery, type RouteSummary } from "@/lib/queries/routes";

type Col = "slug" | "version" | "published" | "traffic";
const ACCESSORS: Record<Col, (r: RouteSummary) => string | number | null> = {
  slug: (r) => r.slug,
  version: (r) => r.activeVersion?.version ?? null,
  published: (r) => r.activeVersion?.publishedAt ?? null,
  traffic: (r) => r.requests24h,
};

/** Routes with their active version and last-24h traffic. */
export function RouteList() {
  const q = useQuery(routeListQuery());
  const { sorted, sort, toggle } = useSorted(q.data, ACCESSORS, { key: "traffic", dir: "desc" });
  if (q.isPending) return <Loading label="Loading routes…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.length === 0)
    return (
      <EmptyState title="No routes yet">
        Create one below; clients then send its name as `model`.
      </EmptyState>
    );
  return (
    <div className="table-wrap card">
      <table>
        <caption className="sr-only">Routes</caption>
        <thead>
          <tr>
            <SortHeader label="Route" column="slug" sort={sort} onSort={toggle} />
            <SortHeader label="Active version" column="version" sort={sort} onSort={toggle} />
            <SortHeader label="Published" column="published" sort={sort} onSort={toggle} />
            <SortHeader
              label="Requests (24 h)"
              column="traffic"
              sort={sort}
              onSort={toggle}
              numeric
            />
            <th>Baseline model</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={`/routes/${encodeURIComponent(r.slug)}`}>
                  <strong>{r.slug}</strong>
                </Link>
                {r.description ? <div className="muted small">{r.description}</div> : null}
              </td>
              <td>
                {r.activeVersion ? (
                  <>
                    <span className="badge">v{r.activeVersion.version}</span>{" "}
                    <span className="muted small">{r.activeVersion.comment}</span>
                  </>
                ) : (
                  <span className="badge badge-danger">none: requests rejected</span>
                )}
              </td>
              <td>
                {r.activeVersion?.publishedAt ? (
                  <time
                    dateTime={r.activeVersion.publishedAt}
                    title={formatDateTime(r.activeVersion.publishedAt)}
                  >
                    {formatAgo(r.activeVersion.publishedAt)}
                  </time>
                ) : (
                  "—"
                )}
              </td>
              <td className="num">{formatCount(r.requests24h)}</td>
              <td>
                {r.baselineModelSlug ? (
                  <code>{r.baselineModelSlug}</code>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
