"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { ErrorState, LoadingState } from "@/components/charts/states";
import {
  formatDateTime,
  formatLatency,
  formatPercent,
  formatTokens,
  formatUsd,
  ratio,
} from "@/lib/ui/format";
import { decisionQuery } from "@/lib/queries/decisions";
import { TraceViewSchema, type DecisionDetailView } from "@/lib/schemas/console/decisions";
import { AttemptsWaterfall } from "./attempts-waterfall";
import { DecisionFeedbackCard } from "./decision-feedback";
import { GateResults } from "./gate-results";
import { RuleTrace } from "./rule-trace";
import { StatusBadge } from "./status-badge";

function Facts({ items }: { items: ReadonlyArray<[string, ReactNode]> }) {
  return (
    <dl className="ops-facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function featureText(v: unknown): string {
  if (v === null || v === undefined) return "–";
  if (Array.isArray(v)) return v.length === 0 ? "none" : v.map(String).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function DecisionDetail({ id }: { id: string }) {
  const query = useQuery(decisionQuery(id));
  if (query.isPending) return <LoadingState label="Loading the decision…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <DecisionBody d={query.data} />;
}

function DecisionBody({ d }: { d: DecisionDetailView }) {
  const trace = TraceViewSchema.safeParse(d.trace);
  const features =
    typeof d.features === "object" && d.features !== null && !Array.isArray(d.features)
      ? Object.entries(d.features as Record<string, unknown>)
      : [];
  return (
    <section className="ops-page">
      <header className="ops-page-head">
        <p className="ops-crumbs">
          <Link href="/decisions">Decisions</Link> /
        </p>
        <h1>
          Decision <code>{d.requestId}</code> <StatusBadge status={d.status} />
          {d.isDemo ? <span className="ops-tag ops-tag-demo">demo data</span> : null}
        </h1>
        <p className="muted">
          {formatDateTime(d.createdAt)} · route <strong>{d.routeSlug}</strong>
          {d.policyVersion !== null ? ` v${d.policyVersion}` : ""} · strategy {d.strategy} · HTTP{" "}
          {d.httpStatus}
          {d.errorClass ? ` · error class ${d.errorClass}` : ""}
        </p>
      </header>
      <div className="ops-grid">
        <section className="card" aria-label="Outcome">
          <h2>Outcome</h2>
          <Facts
            items={[
              [
                "Final model",
                d.finalModel
                  ? `${d.finalModel}${d.finalProvider ? ` (${d.finalProvider})` : ""}`
                  : "none",
              ],
              ["Latency", formatLatency(d.latencyMs)],
              ["Time to first token", d.streamed ? formatLatency(d.ttftMs) : "not streamed"],
              ["Input tokens", formatTokens(d.inputTokens)],
              ["Output tokens", formatTokens(d.outputTokens)],
              ["Cached tokens", formatTokens(d.cachedTokens)],
              ["Cost", formatUsd(d.costUsd)],
              ["Baseline cost", formatUsd(d.baselineCostUsd)],
              [
                "Savings",
                `${formatUsd(d.savingsUsd)} (${formatPercent(ratio(d.savingsUsd, d.baselineCostUsd))})`,
              ],
              [
                "Escalated / fell back",
                `${d.escalated ? "yes" : "no"} / ${d.fellBack ? "yes" : "no"}`,
              ],
              ["Usage", d.usageEstimated ? "estimated locally" : "reported by provider"],
            ]}
          />
        </section>
        <section className="card" aria-label="Request features">
          <h2>Request</h2>
          <Facts
            items={[
              ["Tenant", d.tenantName ?? d.tenantId ?? "none"],
              ["End user", d.endUserId ?? "–"],
              [
                "Prompt hash",
                d.promptHash ? <code key="h">{d.promptHash.slice(0, 16)}…</code> : "–",
              ],
              ...features.map(([k, v]): [string, string] => [k, featureText(v)]),
            ]}
          />
        </section>
      </div>
      {trace.success ? (
        <RuleTrace trace={trace.data} ruleMatched={d.ruleMatched} />
      ) : (
        <p className="muted">This decision has no readable explain trace.</p>
      )}
      <AttemptsWaterfall
        requestStart={Date.parse(d.createdAt)}
        totalMs={d.latencyMs}
        attempts={d.attempts}
      />
      <GateResults results={d.gateResults} attempts={d.attempts} />
      <DecisionFeedbackCard id={d.id} />
    </section>
  );
}
