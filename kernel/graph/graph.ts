import type { CellAnalysis } from "../analyze/analyze";
import type { CellError } from "../../protocol/outputs";
import { type CellNames, collectDefinitions, type Definitions, findConflicts } from "./definitions";
import { findCycles } from "./cycles";
import { buildEdges, edgeKey, type Edges, sortTopologically } from "./topology";

/** The errors the graph itself finds: a subset of the shared `CellError` union. */
export type GraphError = Extract<CellError, { kind: "cycle" | "multiple-defs" }>;

/** A code cell as the graph takes it, in notebook order. */
export interface GraphCellInput {
  id: string;
  analysis: Pick<CellAnalysis, "defines" | "references">;
  /** How messages name the cell ("cell 3"); defaults to its 1-based position. */
  label?: string;
}

/**
 * The notebook's dependency graph. Pure data built from analyses: it knows
 * who defines and reads what, not what has run.
 */
export interface NotebookGraph {
  /** Cell ids in notebook order. */
  readonly cells: readonly string[];
  /** Cell ids in run order: parents before children, ties by notebook position. */
  readonly order: readonly string[];
  /** Name -> defining cells, notebook order. */
  readonly definitions: Definitions;
  /** Cells that cannot run because of the graph itself: multiple definitions or a cycle. */
  readonly errors: ReadonlyMap<string, GraphError>;
  has(id: string): boolean;
  /** Notebook position (0-based), -1 for an unknown cell. */
  position(id: string): number;
  label(id: string): string;
  defines(id: string): readonly string[];
  references(id: string): readonly string[];
  /** Cells whose definitions this cell reads, notebook order. */
  parents(id: string): readonly string[];
  children(id: string): readonly string[];
  /** Every cell downstream of this one (not itself), in run order. */
  descendants(id: string): string[];
  /** The names `child` reads from `parent`. */
  namesBetween(parent: string, child: string): readonly string[];
}

export function buildGraph(input: readonly GraphCellInput[]): NotebookGraph {
  const cells: CellNames[] = input.map((cell) => ({
    id: cell.id,
    defines: cell.analysis.defines,
    references: cell.analysis.references,
  }));
  const ids = cells.map((cell) => cell.id);
  const position = new Map(ids.map((id, index) => [id, index]));
  if (position.size !== ids.length) throw new Error("buildGraph: duplicate cell ids");
  const labels = new Map(input.map((cell, index) => [cell.id, cell.label ?? `cell ${index + 1}`]));
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  const definitions = collectDefinitions(cells);
  const edges = buildEdges(cells, definitions);
  const order = sortTopologically(ids, edges);
  const rank = new Map(order.map((id, index) => [id, index]));
  const label = (id: string) => labels.get(id) ?? id;
  const errors = collectErrors(cells, definitions, edges, label);

  return {
    cells: ids,
    order,
    definitions,
    errors,
    has: (id) => position.has(id),
    position: (id) => position.get(id) ?? -1,
    label,
    defines: (id) => byId.get(id)?.defines ?? [],
    references: (id) => byId.get(id)?.references ?? [],
    parents: (id) => edges.parents.get(id) ?? [],
    children: (id) => edges.children.get(id) ?? [],
    descendants: (id) => {
      const seen = new Set<string>();
      const pending = [...(edges.children.get(id) ?? [])];
      for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        if (seen.has(next) || next === id) continue;
        seen.add(next);
        pending.push(...(edges.children.get(next) ?? []));
      }
      return [...seen].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    },
    namesBetween: (parent, child) => edges.names.get(edgeKey(parent, child)) ?? [],
  };
}

/** Multiple definitions win over cycles: a duplicate name is usually the cause of both. */
function collectErrors(
  cells: readonly CellNames[],
  definitions: Definitions,
  edges: Edges,
  label: (id: string) => string,
): Map<string, GraphError> {
  const errors = new Map<string, GraphError>();
  const ids = cells.map((cell) => cell.id);
  for (const cycle of findCycles(ids, (id) => edges.children.get(id) ?? [])) {
    const members = new Set(cycle);
    const names = new Set<string>();
    for (const parent of cycle) {
      for (const child of edges.children.get(parent) ?? []) {
        if (members.has(child)) for (const name of edges.names.get(edgeKey(parent, child)) ?? []) names.add(name);
      }
    }
    const message = `${joinWords(cycle.map(label))} depend on each other in a cycle through ${joinWords([...names].map(quote))}`;
    for (const id of cycle) errors.set(id, { kind: "cycle", message, cells: [...cycle], names: [...names] });
  }
  for (const cell of cells) {
    const conflicts = findConflicts(cell, definitions);
    const first = conflicts[0];
    if (!first) continue;
    const described = conflicts.map(({ name, cells: definers }) => `${quote(name)} in ${joinWords(definers.map(label))}`);
    errors.set(cell.id, {
      kind: "multiple-defs",
      message: `Defined in more than one cell: ${described.join("; ")}. A name can be defined by one cell only.`,
      name: first.name,
      cells: [...first.cells],
    });
  }
  return errors;
}

function quote(name: string): string {
  return `\`${name}\``;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
