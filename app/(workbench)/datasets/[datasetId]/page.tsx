import type { Metadata } from "next";
import { DatasetDetail } from "../_components/DatasetDetail";

export const metadata: Metadata = { title: "Dataset" };

export default async function DatasetPage({
  params,
  searchParams,
}: {
  params: Promise<{ datasetId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ datasetId }, { version }] = await Promise.all([params, searchParams]);
  return <DatasetDetail id={datasetId} initialVersion={typeof version === "string" ? version : null} />;
}
