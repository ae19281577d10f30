"use client";

import { useQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { decisionFacetsQuery } from "@/lib/queries/decisions";
import { DECISION_STATUSES } from "@/lib/vocabulary";

/** Filter values as kept in the URL (all strings; blank = any). */
export type FilterForm = Record<
  | "range"
  | "tenantId"
  | "route"
  | "model"
  | "status"
  | "escalated"
  | "fellBack"
  | "minCost"
  | "maxCost",
  string
>;

export const FILTER_FIELDS: ReadonlyArray<keyof FilterForm> = [
  "range",
  "tenantId",
  "route",
  "model",
  "status",
  "escalated",
  "fellBack",
  "minCost",
  "maxCost",
];

export function DecisionFilters({
  value,
  errors,
  onApply,
}: {
  value: FilterForm;
  errors: Record<string, string>;
  onApply: (next: FilterForm) => void;
}) {
  const facets = useQuery(decisionFacetsQuery());
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const next = Object.fromEntries(
      FILTER_FIELDS.map((k) => [k, String(f.get(k) ?? "").trim()]),
    ) as FilterForm;
    onApply(next);
  }
  const select = (
    name: keyof FilterForm,
    label: string,
    options: ReadonlyArray<[string, string]>,
  ) => (
    <label>
      {label}
      <select name={name} defaultValue={value[name]}>
        <option value="">Any</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
  const data = facets.data;
  return (
    <form
      className="card ops-filters"
      onSubmit={submit}
      aria-label="Decision filters"
      key={JSON.stringify(value)}
    >
      <label>
        Time
        <select name="range" defaultValue={value.range}>
          <option value="1h">Last hour</option>
          <option value="24h">Last 24 h</option>
          <option value="7d">Last 7 days</option>
          <option value="30d">Last 30 days</option>
          <option value="all">All time</option>
        </select>
      </label>
      {select(
        "tenantId",
        "Tenant",
        (data?.tenants ?? []).map((t) => [t.id, t.name]),
      )}
      {select(
        "route",
        "Route",
        (data?.routes ?? []).map((r) => [r, r]),
      )}
      {select(
        "model",
        "Model",
        (data?.models ?? []).map((m) => [m, m]),
      )}
      {select(
        "status",
        "Status",
        DECISION_STATUSES.map((s) => [s, s.replaceAll("_", " ")]),
      )}
      {select("escalated", "Escalated", [
        ["true", "Yes"],
        ["false", "No"],
      ])}
      {select("fellBack", "Fell back", [
        ["true", "Yes"],
        ["false", "No"],
      ])}
      <label>
        Min cost (USD)
        <input
          name="minCost"
          type="number"
          step="any"
          min="0"
          defaultValue={value.minCost}
          aria-invalid={Boolean(errors.minCost)}
          aria-describedby="f-min-err"
        />
        <span id="f-min-err" className="ops-field-error">
          {errors.minCost ?? ""}
        </span>
      </label>
      <label>
        Max cost (USD)
        <input
          name="maxCost"
          type="number"
          step="any"
          min="0"
          defaultValue={value.maxCost}
          aria-invalid={Boolean(errors.maxCost)}
          aria-describedby="f-max-err"
        />
        <span id="f-max-err" className="ops-field-error">
          {errors.maxCost ?? ""}
        </span>
      </label>
      <div className="ops-actions ops-filter-actions">
        <button type="submit" className="btn btn-primary">
          Apply filters
        </button>
      </div>
    </form>
  );
}
