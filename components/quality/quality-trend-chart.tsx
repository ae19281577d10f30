"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { QualityChart } from "@/lib/ui/quality-series";
import { formatBucketTick, formatDateTime, formatPercent } from "@/lib/ui/format";

const formatMean = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));

/** One quality measure over time, a line per group (gaps where a group had no observations). */
export function QualityTrendChart({ chart, spanMs }: { chart: QualityChart; spanMs: number }) {
  const format = chart.kind === "share" ? (v: number) => formatPercent(v) : formatMean;
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart data={chart.rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={["dataMin", "dataMax"]}
          tickFormatter={(t: number) => formatBucketTick(t, spanMs)}
          minTickGap={24}
          fontSize={12}
        />
        <YAxis
          tickFormatter={format}
          width={52}
          fontSize={12}
          domain={chart.kind === "share" ? [0, 1] : ["auto", "auto"]}
        />
        <Tooltip
          labelFormatter={(t) => formatDateTime(Number(t))}
          formatter={(v) => format(Number(v))}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {chart.keys.map((k) => (
          <Line
            key={k.dataKey}
            dataKey={k.dataKey}
            name={k.label}
            stroke={k.color}
            dot={chart.rows.length < 40}
            strokeWidth={2}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
