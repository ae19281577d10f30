import type { Metadata } from "next";
import { ChainList } from "@/components/registry/chain-list";
import { hasRole } from "@/lib/auth/roles";
import { getCurrentOperator } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Fallback chains" };
export const dynamic = "force-dynamic";

export default async function ChainsPage() {
  const operator = await getCurrentOperator();
  return (
    <section className="page">
      <header className="page-header">
        <h1>Fallback chains</h1>
        <p className="muted">
          Ordered models to try when one fails; the trigger error classes decide when to move on.
        </p>
      </header>
      <ChainList canEdit={operator !== null && hasRole(operator.role, "editor")} />
    </section>
  );
}
