import type { Metadata } from "next";
import { CreateRouteForm } from "@/components/policy/create-route-form";
import { RouteList } from "@/components/policy/route-list";
import { hasRole } from "@/lib/auth/roles";
import { getCurrentOperator } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Routes & policies" };
export const dynamic = "force-dynamic";

export default async function RoutesPage() {
  const operator = await getCurrentOperator();
  const canEdit = operator !== null && hasRole(operator.role, "editor");
  return (
    <section className="page">
      <header className="page-header">
        <h1>Routes &amp; policies</h1>
        <p className="muted">
          A route is a name clients send as <code>model</code>; its active policy version decides
          where each request goes.
        </p>
      </header>
      <RouteList />
      {canEdit ? <CreateRouteForm /> : null}
    </section>
  );
}
