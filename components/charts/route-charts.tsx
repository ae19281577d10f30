"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { RouteRateRow } from "@/lib/ui/chart-series";
import { formatLatency } from "@/lib/ui/format";

const height = (n: number) => Math.max(160, 48 + n * 44);
const pct = (v: number) => `${Number(v.toFixed(v < 10 ? 1 : 0))}%`;

/** Escalation, fallback and error rate per route (horizontal grouped bars). */
export function RouteRatesChart({ rows }: { rows: RouteRateRow[] }) {
  return (
    <ResponsiveContainer width="100%" height={height(rows.length)}>
      <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" horizontal={false} />
        <XAxis type="number" tickFormatter={pct} fontSize={12} />
        <YAxis type="category" dataKey="route" width={110} fontSize={12} />
        <Tooltip formatter={(v) => pct(Number(v))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar
          dataKey="escalationPct"
          name="Escalation rate"
          fill="#9333ea"
          isAnimationActive={false}
        />
        <Bar dataKey="fallbackPct" name="Fallback rate" fill="#ea580c" isAnimationActive={false} />
        <Bar dataKey="errorPct" name="Error rate" fill="#c62828" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** p50 and p95 end-to-end latency per route, from the rollup histograms. */
export function RouteLatencyChart({ rows }: { rows: RouteRateRow[] }) {
  return (
    <ResponsiveContainer width="100%" height={height(rows.length)}>
      <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" horizontal={false} />
        <XAxis type="number" tickFormatter={(v: number) => formatLatency(v)} fontSize={12} />
        <YAxis type="category" dataKey="route" width={110} fontSize={12} />
        <Tooltip formatter={(v) => formatLatency(Number(v))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="p50Ms" name="p50" fill="#0891b2" isAnimationActive={false} />
        <Bar dataKey="p95Ms" name="p95" fill="#2f5bea" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
