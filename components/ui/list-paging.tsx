"use client";

import { useEffect, useState } from "react";

/** `value`, once it has stopped changing for `ms` (a search box should not fetch per keystroke). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** A labelled search input for a server-searched list. */
export function SearchBox(props: {
  label: string;
  placeholder?: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="list-search">
      <input
        type="search"
        aria-label={props.label}
        placeholder={props.placeholder ?? props.label}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

/** "Showing n" and, while the server has more, a Load more button. */
export function LoadMore(props: {
  shown: number;
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  error?: unknown;
}) {
  return (
    <div className="ops-actions list-more">
      <span className="muted" role="status">
        Showing {props.shown}
        {props.hasMore ? "" : " (all)"}
      </span>
      {props.hasMore ? (
        <button type="button" className="btn" disabled={props.loading} onClick={props.onLoad}>
          {props.loading ? "Loading…" : "Load more"}
        </button>
      ) : null}
      {props.error instanceof Error ? (
        <span className="error-text" role="alert">
          {props.error.message}
        </span>
      ) : null}
    </div>
  );
}
