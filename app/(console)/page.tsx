import type { Metadata } from "next";
import { OverviewDashboard } from "@/components/overview/overview-dashboard";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default function OverviewPage() {
  return (
    <section className="ops-page">
      <header className="ops-page-head">
        <h1>Overview</h1>
        <p className="muted">
          Spend, savings, escalations, fallbacks and latency across your routes.
        </p>
      </header>
      <OverviewDashboard />
    </section>
  );
}
