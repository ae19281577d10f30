import type { Metadata } from "next";
import { TenantList } from "@/components/tenants/tenant-list";
import { getCurrentOperator } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Tenants & budgets" };
export const dynamic = "force-dynamic";

export default async function TenantsPage() {
  const operator = await getCurrentOperator();
  return (
    <section className="ops-page">
      <header className="ops-page-head">
        <h1>Tenants &amp; budgets</h1>
        <p className="muted">Who calls the gateway, what they may spend, and their API keys.</p>
      </header>
      <TenantList canEdit={operator ? hasRole(operator.role, "editor") : false} />
    </section>
  );
}
