"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Role } from "@/lib/auth/roles";

const ITEMS: ReadonlyArray<{ href: string; label: string; admin?: boolean }> = [
  { href: "/", label: "Overview" },
  { href: "/routes", label: "Routes & policies" },
  { href: "/decisions", label: "Decisions" },
  { href: "/models", label: "Models" },
  { href: "/providers", label: "Providers" },
  { href: "/chains", label: "Fallback chains" },
  { href: "/tenants", label: "Tenants & budgets" },
  { href: "/operators", label: "Operators", admin: true },
  { href: "/audit", label: "Audit log" },
];

export function ConsoleNav({ role }: { role: Role }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Console">
      <ul className="nav">
        {ITEMS.filter((i) => !i.admin || role === "admin").map((i) => {
          const active = i.href === "/" ? pathname === "/" : pathname.startsWith(i.href);
          return (
            <li key={i.href}>
              <Link href={i.href} aria-current={active ? "page" : undefined}>
                {i.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
