import type { Metadata } from "next";
import { DatasetsView } from "./_components/DatasetsView";

export const metadata: Metadata = { title: "Datasets" };

export default function DatasetsPage() {
  return <DatasetsView />;
}
