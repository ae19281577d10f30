import type { Metadata } from "next";
import { TenantDetail } from "@/components/tenants/tenant-detail";
import { getCurrentOperator } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Tenant" };
export const dynamic = "force-dynamic";

export default async function TenantPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const operator = await getCurrentOperator();
  return <TenantDetail id={id} role={operator?.role ?? "viewer"} />;
}
