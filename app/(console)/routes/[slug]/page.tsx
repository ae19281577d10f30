import type { Metadata } from "next";
import { RouteDetail } from "@/components/policy/route-detail";
import { hasRole } from "@/lib/auth/roles";
import { getCurrentOperator } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ slug: string }>;
}): Promise<Metadata> {
  return { title: `Route ${decodeURIComponent((await params).slug)}` };
}

export default async function RoutePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const operator = await getCurrentOperator();
  return (
    <section className="page">
      <RouteDetail
        slug={decodeURIComponent(slug)}
        canEdit={operator !== null && hasRole(operator.role, "editor")}
      />
    </section>
  );
}
