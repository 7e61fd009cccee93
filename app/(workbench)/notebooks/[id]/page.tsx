import type { Metadata } from "next";
import { NotebookDetail } from "./NotebookDetail";

export const metadata: Metadata = { title: "Notebook" };

export default async function NotebookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <NotebookDetail id={id} />;
}
