"use client";

import type { ReactNode } from "react";
import { ApiProblem } from "@/lib/ui/api-problem";

/** Loading placeholder with an accessible status. */
export function LoadingState({
  label = "Loading…",
  height = 160,
}: {
  label?: string;
  height?: number;
}) {
  return (
    <div
      className="ops-state ops-loading"
      role="status"
      aria-live="polite"
      style={{ minHeight: height }}
    >
      <span className="ops-spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** Error with the server's message, the request id, and a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message =
    error instanceof ApiProblem
      ? error.message
      : error instanceof Error
        ? error.message
        : "Something went wrong.";
  const requestId = error instanceof ApiProblem ? error.requestId : null;
  return (
    <div className="ops-state ops-error" role="alert">
      <strong>Could not load this.</strong> <span>{message}</span>
      {requestId ? <span className="muted"> (request {requestId})</span> : null}
      {onRetry ? (
        <button type="button" className="btn" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="ops-state ops-empty">
      <strong>{title}</strong>
      {children ? <div className="muted">{children}</div> : null}
    </div>
  );
}
