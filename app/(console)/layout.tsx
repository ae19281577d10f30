import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { ConsoleNav } from "@/components/console-nav";
import { RollbackBanner } from "@/components/rollback/rollback-banner";
import { RollbackControl } from "@/components/rollback/rollback-control";
import { SignOutButton } from "@/components/sign-out-button";
import { getCurrentOperator } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** The console shell: every page below needs a signed-in operator. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const operator = await getCurrentOperator();
  if (!operator) redirect("/login");
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">Switchboard</div>
        <ConsoleNav role={operator.role} />
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="topbar-slot" id="topbar-slot">
            <RollbackControl role={operator.role} />
          </div>
          <div className="whoami">
            <Link href="/account" title="Your account">
              {operator.email}
            </Link>
            <span className="badge">{operator.role}</span>
            <SignOutButton />
          </div>
        </header>
        <RollbackBanner />
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
