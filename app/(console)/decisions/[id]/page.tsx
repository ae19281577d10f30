import type { Metadata } from "next";
import { DecisionDetail } from "@/components/decisions/decision-detail";

export const metadata: Metadata = { title: "Decision" };
export const dynamic = "force-dynamic";

export default async function DecisionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DecisionDetail id={id} />;
}
