"use client";

import { useQuery } from "@tanstack/react-query";
import { formatAgo, formatDateTime } from "@/components/ui/format";
import { rollbackQuery } from "@/lib/queries/rollback";

/** Shown on every page while the global rollback toggle is on. */
export function RollbackBanner() {
  const { data } = useQuery(rollbackQuery());
  if (!data?.enabled) return null;
  return (
    <div className="banner banner-danger rollback-banner" role="status" aria-live="polite">
      <strong>Rollback is on:</strong> every request is served by route{" "}
      <code>{data.routeSlug}</code>
      {data.changedBy ? <> — turned on by {data.changedBy}</> : null}
      {data.changedAt ? (
        <>
          {" "}
          <time dateTime={data.changedAt} title={formatDateTime(data.changedAt)}>
            {formatAgo(data.changedAt)}
          </time>
        </>
      ) : null}
      {data.reason ? <span className="rollback-reason">. Reason: “{data.reason}”</span> : null}
    </div>
  );
}
