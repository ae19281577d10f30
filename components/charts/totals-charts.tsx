"use client";

import {
  CartesianGrid,
  ComposedChart,
  Area,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { TotalsRow } from "@/lib/ui/chart-series";
import {
  formatBucketTick,
  formatDateTime,
  formatPercent,
  formatUsd,
  formatUsdAxis,
} from "@/lib/ui/format";

const tick = (spanMs: number) => (t: number) => formatBucketTick(t, spanMs);

/** Actual spend vs what the same tokens would have cost on each route's baseline model. */
export function SavingsChart({ rows, spanMs }: { rows: TotalsRow[]; spanMs: number }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={["dataMin", "dataMax"]}
          tickFormatter={tick(spanMs)}
          minTickGap={24}
          fontSize={12}
        />
        <YAxis tickFormatter={formatUsdAxis} width={64} fontSize={12} />
        <Tooltip
          labelFormatter={(t) => formatDateTime(Number(t))}
          formatter={(v) => formatUsd(Number(v))}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Area
          dataKey="savingsUsd"
          name="Savings"
          type="monotone"
          stroke="#16a34a"
          fill="#16a34a"
          fillOpacity={0.2}
          isAnimationActive={false}
        />
        <Line
          dataKey="baselineCostUsd"
          name="Baseline cost"
          type="monotone"
          stroke="#64748b"
          strokeDasharray="5 4"
          dot={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="costUsd"
          name="Actual cost"
          type="monotone"
          stroke="#2f5bea"
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** Share of requests that ended in an upstream error, per bucket. */
export function ErrorRateChart({ rows, spanMs }: { rows: TotalsRow[]; spanMs: number }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={["dataMin", "dataMax"]}
          tickFormatter={tick(spanMs)}
          minTickGap={24}
          fontSize={12}
        />
        <YAxis tickFormatter={(v: number) => formatPercent(v)} width={52} fontSize={12} />
        <Tooltip
          labelFormatter={(t) => formatDateTime(Number(t))}
          formatter={(v) => formatPercent(Number(v))}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line
          dataKey="errorRate"
          name="Error rate"
          type="monotone"
          stroke="#c62828"
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
