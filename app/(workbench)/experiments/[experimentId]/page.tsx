import type { Metadata } from "next";
import { RunsView } from "../_components/RunsView";

export const metadata: Metadata = { title: "Experiment" };

export default async function ExperimentPage({ params }: { params: Promise<{ experimentId: string }> }) {
  const { experimentId } = await params;
  return <RunsView experimentId={experimentId} />;
}
