import type { Direction } from "@/primitives/lineage/graph";

export interface LineageQuery {
  kind: string;
  id: string;
  direction: Direction;
  depth: number;
}

/** The page's own address for a query (what a re-root or a control change navigates to). */
export function lineagePath(query: LineageQuery): string {
  return `/lineage?${new URLSearchParams({ kind: query.kind, id: query.id, direction: query.direction, depth: String(query.depth) })}`;
}

/** The graph API's address for a query. */
export function graphApiPath(query: LineageQuery): string {
  return `/api/lineage/graph?${new URLSearchParams({ kind: query.kind, id: query.id, direction: query.direction, depth: String(query.depth) })}`;
}

/**
 * Where a node's own page is, when it has one: a dataset or version opens the
 * dataset page (on that version), a job or run its notebook.
 */
export function nodePageHref(node: { kind: string; id: string; notebookId: string | null }): { href: string; label: string } | null {
  if (node.kind === "dataset") return { href: `/datasets/${node.id}`, label: "Open the dataset page" };
  if (node.kind === "dataset_version") {
    const at = node.id.indexOf("@");
    if (at > 0) return { href: `/datasets/${node.id.slice(0, at)}?version=${node.id.slice(at + 1)}`, label: "Open this version's dataset page" };
  }
  if ((node.kind === "job" || node.kind === "run") && node.notebookId) return { href: `/notebooks/${node.notebookId}`, label: "Open the notebook" };
  return null;
}
