import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/operators/change-password-form";
import { getCurrentOperator } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const operator = await getCurrentOperator();
  return (
    <section className="ops-page">
      <header className="ops-page-head">
        <h1>Your account</h1>
        <p className="muted">
          {operator ? `${operator.name} · ${operator.email} · ${operator.role}` : null}
        </p>
      </header>
      {operator ? <ChangePasswordForm email={operator.email} /> : null}
    </section>
  );
}
