import type { Metadata } from "next";
import { ModelTable } from "@/components/registry/model-table";
import { hasRole } from "@/lib/auth/roles";
import { getCurrentOperator } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Models" };
export const dynamic = "force-dynamic";

export default async function ModelsPage() {
  const operator = await getCurrentOperator();
  return (
    <section className="page">
      <header className="page-header">
        <h1>Models</h1>
        <p className="muted">
          The registry: what each model costs, how much it reads and writes, and what it can do.
        </p>
      </header>
      <ModelTable canEdit={operator !== null && hasRole(operator.role, "editor")} />
    </section>
  );
}
