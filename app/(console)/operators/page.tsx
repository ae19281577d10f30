import type { Metadata } from "next";
import { OperatorsAdmin } from "@/components/operators/operators-admin";
import { getCurrentOperator } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Operators" };
export const dynamic = "force-dynamic";

export default async function OperatorsPage() {
  const operator = await getCurrentOperator();
  const isAdmin = operator ? hasRole(operator.role, "admin") : false;
  return (
    <section className="ops-page">
      <header className="ops-page-head">
        <h1>Operators</h1>
        <p className="muted">Who can sign in to the console, and what they may change.</p>
      </header>
      {isAdmin && operator ? (
        <OperatorsAdmin selfId={operator.id} />
      ) : (
        <p className="banner banner-danger" role="alert">
          Managing operators needs the admin role.
        </p>
      )}
    </section>
  );
}
