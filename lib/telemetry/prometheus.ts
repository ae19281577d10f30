/**
 * A tiny Prometheus registry: counters, gauges and histograms with labels, and the text
 * exposition format (0.0.4). Series are found through a Map keyed by the label values joined
 * with \u0001; an observation allocates nothing beyond that key string.
 */
import { LATENCY_BUCKETS_MS, bucketIndex } from "../decision-log/histogram";

/** Label values in the order of the metric's label names. */
export type LabelValues = readonly string[];

/** A monotonically increasing value per label set. */
export interface Counter {
  inc(labels: LabelValues, by?: number): void;
  /** Sets the total (for counters kept elsewhere, read at collect time). */
  set(labels: LabelValues, total: number): void;
  get(labels: LabelValues): number;
}

/** A value that goes up and down. */
export interface Gauge {
  set(labels: LabelValues, value: number): void;
  get(labels: LabelValues): number;
  /** Removes every series (for gauges rebuilt at each collect). */
  reset(): void;
}

/** Latency histogram in milliseconds, exposed in seconds with `LATENCY_BUCKETS_MS` bounds. */
export interface LatencyHistogram {
  observe(labels: LabelValues, ms: number): void;
}

/** A registry of metrics and collectors, rendered by `expose()`. */
export interface MetricsRegistry {
  counter(name: string, help: string, labelNames?: readonly string[]): Counter;
  gauge(name: string, help: string, labelNames?: readonly string[]): Gauge;
  histogram(name: string, help: string, labelNames?: readonly string[]): LatencyHistogram;
  /** Runs before each exposition: update gauges from live state. */
  onCollect(collect: () => void): void;
  expose(): string;
}

type Series = { labels: LabelValues; value: number };
type HistSeries = { labels: LabelValues; counts: Float64Array; sum: number; count: number };
type Metric =
  | {
      kind: "counter" | "gauge";
      name: string;
      help: string;
      labelNames: readonly string[];
      series: Map<string, Series>;
    }
  | {
      kind: "histogram";
      name: string;
      help: string;
      labelNames: readonly string[];
      series: Map<string, HistSeries>;
    };

const SEP = "\u0001";

function keyOf(labels: LabelValues): string {
  return labels.length === 1 ? (labels[0] ?? "") : labels.join(SEP);
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function renderLabels(names: readonly string[], values: LabelValues, extra?: string): string {
  const parts: string[] = [];
  names.forEach((name, i) => parts.push(`${name}="${escapeLabel(values[i] ?? "")}"`));
  if (extra !== undefined) parts.push(extra);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

export function createMetricsRegistry(): MetricsRegistry {
  const metrics = new Map<string, Metric>();
  const collectors: Array<() => void> = [];

  function scalar(
    kind: "counter" | "gauge",
    name: string,
    help: string,
    labelNames: readonly string[],
  ) {
    const existing = metrics.get(name);
    const metric =
      existing && existing.kind === kind
        ? existing
        : { kind, name, help, labelNames, series: new Map<string, Series>() };
    metrics.set(name, metric);
    const series = metric.series;
    const slot = (labels: LabelValues): Series => {
      const key = keyOf(labels);
      let s = series.get(key);
      if (s === undefined) {
        s = { labels: [...labels], value: 0 };
        series.set(key, s);
      }
      return s;
    };
    return {
      inc(labels: LabelValues, by = 1) {
        slot(labels).value += by;
      },
      set(labels: LabelValues, value: number) {
        slot(labels).value = value;
      },
      get: (labels: LabelValues) => series.get(keyOf(labels))?.value ?? 0,
      reset: () => series.clear(),
    };
  }

  return {
    counter: (name, help, labelNames = []) => scalar("counter", name, help, labelNames),
    gauge: (name, help, labelNames = []) => scalar("gauge", name, help, labelNames),
    histogram(name, help, labelNames = []) {
      const series = new Map<string, HistSeries>();
      metrics.set(name, { kind: "histogram", name, help, labelNames, series });
      return {
        observe(labels, ms) {
          const key = keyOf(labels);
          let s = series.get(key);
          if (s === undefined) {
            s = {
              labels: [...labels],
              counts: new Float64Array(LATENCY_BUCKETS_MS.length + 1),
              sum: 0,
              count: 0,
            };
            series.set(key, s);
          }
          s.counts[bucketIndex(ms)]! += 1;
          s.sum += ms / 1000;
          s.count += 1;
        },
      };
    },
    onCollect(collect) {
      collectors.push(collect);
    },
    expose() {
      for (const collect of collectors) {
        try {
          collect();
        } catch {
          // A broken collector must not take the whole endpoint down.
        }
      }
      const out: string[] = [];
      for (const m of metrics.values()) {
        out.push(`# HELP ${m.name} ${m.help.replace(/\n/g, " ")}`, `# TYPE ${m.name} ${m.kind}`);
        if (m.kind !== "histogram") {
          for (const s of m.series.values()) {
            out.push(`${m.name}${renderLabels(m.labelNames, s.labels)} ${formatValue(s.value)}`);
          }
          continue;
        }
        for (const s of m.series.values()) {
          let cumulative = 0;
          LATENCY_BUCKETS_MS.forEach((bound, i) => {
            cumulative += s.counts[i] ?? 0;
            out.push(
              `${m.name}_bucket${renderLabels(m.labelNames, s.labels, `le="${bound / 1000}"`)} ${cumulative}`,
            );
          });
          out.push(
            `${m.name}_bucket${renderLabels(m.labelNames, s.labels, 'le="+Inf"')} ${s.count}`,
          );
          out.push(`${m.name}_sum${renderLabels(m.labelNames, s.labels)} ${formatValue(s.sum)}`);
          out.push(`${m.name}_count${renderLabels(m.labelNames, s.labels)} ${s.count}`);
        }
      }
      return `${out.join("\n")}\n`;
    },
  };
}
