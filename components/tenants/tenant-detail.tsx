"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ErrorState, LoadingState } from "@/components/charts/states";
import { hasRole, type Role } from "@/lib/auth/roles";
import { tenantQuery } from "@/lib/queries/tenants";
import { ApiKeysPanel } from "./api-keys-panel";
import { BudgetEditor } from "./budget-editor";
import { TenantSettingsForm } from "./tenant-settings-form";

export function TenantDetail({ id, role }: { id: string; role: Role }) {
  const query = useQuery(tenantQuery(id));
  const canEdit = hasRole(role, "editor");
  if (query.isPending) return <LoadingState label="Loading the tenant…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const tenant = query.data;
  return (
    <section className="ops-page">
      <header className="ops-page-head">
        <p className="ops-crumbs">
          <Link href="/tenants">Tenants</Link> /
        </p>
        <h1>
          {tenant.name} {tenant.isDemo ? <span className="ops-tag ops-tag-demo">demo</span> : null}
        </h1>
        <p className="muted">
          <code>{tenant.slug}</code> · {tenant.activeKeys} active key
          {tenant.activeKeys === 1 ? "" : "s"}
        </p>
      </header>
      {canEdit ? null : (
        <p className="banner banner-warn ops-readonly" role="note">
          Read-only: editing tenants and budgets needs the editor role.
        </p>
      )}
      <div className="ops-grid">
        <TenantSettingsForm tenant={tenant} canEdit={canEdit} />
        <section className="card ops-stack" aria-label="Budgets">
          <h2>Budgets</h2>
          {(["daily", "monthly"] as const).map((period) => (
            <BudgetEditor
              key={period}
              tenantId={tenant.id}
              period={period}
              budget={tenant.budgets.find((b) => b.period === period) ?? null}
              canEdit={canEdit}
            />
          ))}
        </section>
      </div>
      <ApiKeysPanel tenantId={tenant.id} canManage={hasRole(role, "admin")} />
    </section>
  );
}
