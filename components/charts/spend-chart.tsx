"use client";

import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ChartRow, SeriesKey } from "@/lib/ui/chart-series";
import { formatBucketTick, formatDateTime, formatUsd, formatUsdAxis } from "@/lib/ui/format";

/** Spend over time, stacked by group (route, model or tenant). */
export function SpendChart({
  rows,
  keys,
  spanMs,
}: {
  rows: ChartRow[];
  keys: SeriesKey[];
  spanMs: number;
}) {
  return (
    <ResponsiveContainer width="100%" height={280}>
      <AreaChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
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
        <YAxis tickFormatter={formatUsdAxis} width={64} fontSize={12} />
        <Tooltip
          labelFormatter={(t) => formatDateTime(Number(t))}
          formatter={(v) => formatUsd(Number(v))}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {keys.map((k) => (
          <Area
            key={k.dataKey}
            dataKey={k.dataKey}
            name={k.label}
            stackId="spend"
            type="monotone"
            stroke={k.color}
            fill={k.color}
            fillOpacity={0.55}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}
