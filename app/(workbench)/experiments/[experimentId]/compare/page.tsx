import type { Metadata } from "next";
import { CompareView } from "../../_components/CompareView";

export const metadata: Metadata = { title: "Compare runs" };

export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ experimentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { experimentId } = await params;
  const { runs } = await searchParams;
  const runIds = (Array.isArray(runs) ? runs.join(",") : (runs ?? "")).split(",").filter((id) => id !== "");
  return <CompareView experimentId={experimentId} runIds={runIds} />;
}
