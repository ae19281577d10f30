import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "@/components/charts/states";
import { DecisionTable } from "@/components/decisions/decision-table";

export const metadata: Metadata = { title: "Decisions" };
export const dynamic = "force-dynamic";

export default function DecisionsPage() {
  return (
    <section className="ops-page">
      <header className="ops-page-head">
        <h1>Decisions</h1>
        <p className="muted">
          Every request: which rule matched, which model answered, what it cost.
        </p>
      </header>
      <Suspense fallback={<LoadingState label="Loading decisions…" />}>
        <DecisionTable />
      </Suspense>
    </section>
  );
}
