import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default function AuditPage() {
  return (
    <section className="page">
      <header className="page-header">
        <h1>Audit log</h1>
        <p className="muted">
          Every configuration change: who, what, when, and the before/after difference.
        </p>
      </header>
      <AuditLog />
    </section>
  );
}
