import type { Direction } from "@/primitives/lineage/graph";
import { parseVersionNodeId } from "@/protocol/datasets";

export interface LineageQuery {
  kind: string;
  id: string;
  direction: Direction;
  depth: number;
}

/**
 * The lineage page's address for a node; direction and depth when given (else the page's defaults).
 *
 * @example
 * lineagePath({ kind: "run", id: runId }) // "/lineage?kind=run&id=…"
 */
export function lineagePath(query: Pick<LineageQuery, "kind" | "id"> & Partial<LineageQuery>): string {
  const params = new URLSearchParams({ kind: query.kind, id: query.id });
  if (query.direction) params.set("direction", query.direction);
  if (query.depth !== undefined) params.set("depth", String(query.depth));
  return `/lineage?${params}`;
}

/** The graph API's address for a query. */
export function graphApiPath(query: LineageQuery): string {
  return `/api/lineage/graph?${new URLSearchParams({ kind: query.kind, id: query.id, direction: query.direction, depth: String(query.depth) })}`;
}

/**
 * Where a node's own page is, when it has one: a dataset or version opens the
 * dataset page (on that version), a job or run its notebook, an experiment,
 * experiment run or artifact the Experiments pages.
 */
export function nodePageHref(node: { kind: string; id: string; notebookId: string | null }): { href: string; label: string } | null {
  if (node.kind === "dataset") return { href: `/datasets/${node.id}`, label: "Open the dataset page" };
  const version = node.kind === "dataset_version" ? parseVersionNodeId(node.id) : null;
  if (version) return { href: `/datasets/${version.datasetId}?version=${version.version}`, label: "Open this version's dataset page" };
  if ((node.kind === "job" || node.kind === "run") && node.notebookId) return { href: `/notebooks/${node.notebookId}`, label: "Open the notebook" };
  if (node.kind === "experiment") return { href: `/experiments/${node.id}`, label: "Open the experiment" };
  if (node.kind === "experiment_run") return { href: `/experiments/runs/${node.id}`, label: "Open the run" };
  // An artifact's id is `<runId>/<path>`, as MLflow's runs:/ URIs name it.
  if (node.kind === "model_artifact" || node.kind === "artifact") return { href: `/experiments/runs/${node.id.split("/")[0]}`, label: "Open the run that logged it" };
  return null;
}
