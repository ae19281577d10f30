import type { Metadata } from "next";
import { ProviderTable } from "@/components/registry/provider-table";
import { getCurrentOperator } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Providers" };
export const dynamic = "force-dynamic";

export default async function ProvidersPage() {
  const operator = await getCurrentOperator();
  return (
    <section className="page">
      <header className="page-header">
        <h1>Providers</h1>
        <p className="muted">
          Upstream endpoints. Credentials are write-only: stored encrypted, shown only as their last
          four characters.
        </p>
      </header>
      <ProviderTable isAdmin={operator?.role === "admin"} />
    </section>
  );
}
