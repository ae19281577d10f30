import type { ReactNode } from "react";

/** A titled dashboard panel. */
export function ChartCard({
  title,
  subtitle,
  children,
  wide = false,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <section className={`card ops-chart${wide ? " ops-chart-wide" : ""}`} aria-label={title}>
      <h2>{title}</h2>
      {subtitle ? <p className="muted ops-chart-sub">{subtitle}</p> : null}
      {children}
    </section>
  );
}
