import type { RunRequest } from "../../protocol/kernel";
import type { RunMode } from "../../protocol/outputs";
import type { GraphError, NotebookGraph } from "./graph";

/** What a run request turns into, before anything runs. */
export interface RunPlan {
  /** Cells to run, in this order. */
  run: string[];
  /** Cells left out that now hold outdated results (lazy mode), in run order. */
  stale: string[];
  /** Cells in scope that must not run, with the error to show on each. */
  blocked: Map<string, GraphError>;
}

export class UnknownCellError extends Error {
  constructor(readonly cellId: string) {
    super(`no code cell ${cellId} in the notebook`);
    this.name = "UnknownCellError";
  }
}

/**
 * Plans a run request. `cell`: the cell, then (autorun) all its descendants,
 * or (lazy) just the cell with its descendants reported stale. `below`: the
 * cell and every cell after it in the notebook; `all`: every cell. Either
 * runs in dependency order and, like `cell`, reruns (autorun) or marks stale
 * (lazy) the dependents outside that range. Cells with a graph error, and
 * every cell downstream of one, are blocked instead of run.
 */
export function planRun(graph: NotebookGraph, request: RunRequest, mode: RunMode): RunPlan {
  const scope = new Set(listRequested(graph, request));
  const downstream = new Set<string>();
  for (const id of scope) for (const child of graph.descendants(id)) if (!scope.has(child)) downstream.add(child);
  if (mode === "autorun") for (const id of downstream) scope.add(id);

  const plan: RunPlan = { run: [], stale: [], blocked: new Map() };
  for (const id of graph.order) {
    if (scope.has(id)) {
      const error = findBlockingError(graph, id);
      if (error) plan.blocked.set(id, error);
      else plan.run.push(id);
    } else if (downstream.has(id)) {
      plan.stale.push(id);
    }
  }
  return plan;
}

function listRequested(graph: NotebookGraph, request: RunRequest): string[] {
  if (request.scope === "all") return [...graph.cells];
  if (!graph.has(request.cellId)) throw new UnknownCellError(request.cellId);
  if (request.scope === "cell") return [request.cellId];
  return graph.cells.slice(graph.position(request.cellId));
}

/**
 * A cell's own graph error, or the one of the nearest upstream cell that has
 * one: a cell downstream of an error would read names that are missing or
 * ambiguous.
 */
export function findBlockingError(graph: NotebookGraph, id: string): GraphError | null {
  const own = graph.errors.get(id);
  if (own) return own;
  const seen = new Set([id]);
  let frontier = [...graph.parents(id)];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const ancestor of frontier) {
      if (seen.has(ancestor)) continue;
      seen.add(ancestor);
      const error = graph.errors.get(ancestor);
      if (error) {
        return { ...error, message: `Not run: it depends on ${graph.label(ancestor)}, which cannot run. ${error.message}` };
      }
      next.push(...graph.parents(ancestor));
    }
    frontier = next;
  }
  return null;
}
