"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatCount } from "@/components/ui/format";
import { QualitySection } from "@/components/quality/quality-section";
import { ErrorState, Loading } from "@/components/ui/states";
import { routeDetailQuery } from "@/lib/queries/routes";
import { PolicyEditor } from "./policy-editor";
import { RouteSettings } from "./route-settings";
import { ScorersPanel } from "./scorers-panel";
import { VersionHistory } from "./version-history";

/** A route's page: its active policy in the editor, dry run, publish, and history. */
export function RouteDetail({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  const q = useQuery(routeDetailQuery(slug));
  if (q.isPending) return <Loading label="Loading route…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  return (
    <>
      <header className="page-header">
        <p className="breadcrumb">
          <Link href="/routes">Routes</Link> /
        </p>
        <h1>{r.slug}</h1>
        <p className="muted">
          {r.description || "No description."} Active:{" "}
          {r.activeVersion ? <span className="badge">v{r.activeVersion.version}</span> : "none"} ·{" "}
          {formatCount(r.requests24h)} requests in 24 h · baseline {r.baselineModelSlug ?? "—"} ·
          content inspection {r.contentInspection ? "on" : "off"}
        </p>
        {canEdit ? <RouteSettings route={r} /> : null}
      </header>
      <PolicyEditor key={r.activeVersion?.id ?? "none"} route={r} canEdit={canEdit} />
      <ScorersPanel slug={r.slug} canEdit={canEdit} />
      <QualitySection slug={r.slug} />
      <VersionHistory slug={r.slug} canEdit={canEdit} />
    </>
  );
}
