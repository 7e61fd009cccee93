/**
 * How each kind of lineage node reads in the graph. Kinds not listed here
 * (feature sets, other artifacts, deployments to come) show generically: their kind
 * as the caption and a neutral box, so a new kind never breaks the view.
 */
const KNOWN: Record<string, { caption: string; tone: string }> = {
  job: { caption: "job", tone: "job" },
  run: { caption: "run", tone: "run" },
  dataset: { caption: "dataset", tone: "dataset" },
  dataset_version: { caption: "dataset version", tone: "version" },
  experiment: { caption: "experiment", tone: "job" },
  experiment_run: { caption: "experiment run", tone: "experiment-run" },
  model_artifact: { caption: "model", tone: "model" },
};

export function nodeCaption(kind: string): string {
  return KNOWN[kind]?.caption ?? kind.replaceAll("_", " ");
}

/** The CSS modifier of a node box: `lineage-node-<tone>`. */
export function nodeTone(kind: string): string {
  return KNOWN[kind]?.tone ?? "other";
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * A node's label for its box: the last part of a path-like label (a dataset's
 * name without its namespace, a cell's id without its notebook's), with any
 * uuid left in it cut to its first 8 digits. The full label stays in the tooltip.
 *
 * @example
 * shortLabel("duckdb://abc/customers") // "customers"
 * shortLabel("tracebook/6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab") // "6f1c2d3e…"
 */
export function shortLabel(label: string): string {
  const parts = label.split("/").filter((p) => p.length > 0);
  const last = parts.at(-1) ?? label;
  return last.replace(UUID, (id) => `${id.slice(0, 8)}…`);
}

/**
 * An edge's text: its relation, and for an input the contexts it was read in.
 *
 * @example
 * edgeText({ relation: "input", facets: { contexts: ["training"] } }) // "input · training"
 */
export function edgeText(edge: { relation: string; facets?: Record<string, unknown> }): string {
  const contexts = edge.facets?.contexts;
  return Array.isArray(contexts) && contexts.length > 0 ? `${edge.relation} · ${contexts.join(", ")}` : edge.relation;
}
