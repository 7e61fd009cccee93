import type { Metadata } from "next";
import { LineageView } from "./_components/LineageView";

export const metadata: Metadata = { title: "Lineage" };

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

/** `/lineage?kind=&id=&direction=&depth=`: the lineage graph around one node (or all of a notebook's jobs). */
export default async function LineagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const direction = one(query.direction);
  const depth = Number.parseInt(one(query.depth), 10);
  return (
    <LineageView
      kind={one(query.kind)}
      id={one(query.id)}
      direction={direction === "up" || direction === "down" ? direction : "both"}
      depth={Number.isFinite(depth) ? depth : 3}
    />
  );
}
