import type { Metadata } from "next";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <section>
      <h1>Overview</h1>
      <p className="muted">
        Spend, savings, escalations, fallbacks and latency across your routes.
      </p>
    </section>
  );
}
