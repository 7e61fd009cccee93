import type { Metadata } from "next";
import { NotebooksView } from "./_components/NotebooksView";

export const metadata: Metadata = { title: "Notebooks" };

export default async function NotebooksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { trashed } = await searchParams;
  const inTrash = trashed === "1" || trashed === "true";
  return <NotebooksView key={inTrash ? "trash" : "live"} trashed={inTrash} />;
}
