import type { RunRequest } from "../../protocol/kernel";
import type { CellError, RunMode } from "../../protocol/outputs";
import { analyzeCell, type CellAnalysis } from "../analyze/analyze";
import { CellCompileError, compileCell, type CompiledCell } from "../analyze/compile";
import { buildGraph, type NotebookGraph } from "../graph/graph";
import { planRun } from "../graph/plan";
import type { CodeCell } from "./execution-doc";

export type SourceMaps = Map<string, CompiledCell["sourceMap"]>;

export interface Plan {
  /** Cells to run, in order. */
  run: CompiledCell[];
  /** Cells whose inputs changed but which will not run now (lazy mode). */
  stale: string[];
  /** Cells that cannot run, with the error each shows. */
  blocked: Map<string, CellError>;
  graph: NotebookGraph;
  maps: SourceMaps;
}

interface Analyzed {
  source: string;
  analysis: CellAnalysis;
  compiled: CompiledCell | null;
}

/**
 * Analysis and compilation of a notebook's cells, cached by source so a run
 * request re-analyses only the cells that changed since the last one.
 */
export class Planner {
  private readonly cache = new Map<string, Analyzed>();

  private analyze(cell: CodeCell): Analyzed {
    const hit = this.cache.get(cell.id);
    if (hit && hit.source === cell.source) return hit;
    let analysis = analyzeCell(cell.id, cell.source);
    let compiled: CompiledCell | null = null;
    if (analysis.diagnostics.length === 0) {
      try {
        compiled = compileCell(cell.id, cell.source);
      } catch (error) {
        // What the analysis let through but the transpiler refuses is still the cell's syntax error.
        if (!(error instanceof CellCompileError)) throw error;
        analysis = { ...analysis, diagnostics: error.diagnostics };
      }
    }
    const entry = { source: cell.source, analysis, compiled };
    this.cache.set(cell.id, entry);
    return entry;
  }

  /** The dependency graph of the cells as they are now. */
  graphOf(cells: CodeCell[]): NotebookGraph {
    for (const id of this.cache.keys()) if (!cells.some((c) => c.id === id)) this.cache.delete(id);
    return buildGraph(cells.map((cell) => ({ id: cell.id, analysis: this.analyze(cell).analysis })));
  }

  /** The cells that read any of `names`. */
  readersOf(cells: CodeCell[], names: string[]): string[] {
    const wanted = new Set(names);
    return cells.filter((cell) => this.analyze(cell).analysis.references.some((name) => wanted.has(name))).map((c) => c.id);
  }

  plan(cells: CodeCell[], request: RunRequest, mode: RunMode): Plan {
    const graph = this.graphOf(cells);
    const planned = planRun(graph, request, mode);
    const blocked = new Map<string, CellError>(planned.blocked);
    const maps: SourceMaps = new Map();
    const run: CompiledCell[] = [];
    for (const cellId of planned.run) {
      if (blocked.has(cellId)) continue;
      const entry = this.cache.get(cellId)!;
      if (!entry.compiled) {
        blocked.set(cellId, syntaxError(cellId, entry.analysis));
        // Its dependents would read names it never defined.
        for (const child of graph.descendants(cellId)) {
          if (!blocked.has(child)) blocked.set(child, upstreamError(cellId));
        }
        continue;
      }
      run.push(entry.compiled);
      maps.set(cellId, entry.compiled.sourceMap);
    }
    return { run, stale: planned.stale, blocked, graph, maps };
  }
}

function syntaxError(cellId: string, analysis: CellAnalysis): CellError {
  const first = analysis.diagnostics[0]!;
  const more = analysis.diagnostics.length - 1;
  return {
    kind: "exception",
    name: "SyntaxError",
    message: more > 0 ? `${first.message} (and ${more} more)` : first.message,
    location: { cellId, line: first.line, column: first.column },
    stack: analysis.diagnostics.map((d) => ({
      text: `${d.message} (line ${d.line}, column ${d.column})`,
      location: { cellId, line: d.line, column: d.column },
    })),
  };
}

function upstreamError(failed: string): CellError {
  return {
    kind: "exception",
    name: "UpstreamError",
    message: `a cell this one depends on (${failed}) does not compile`,
    stack: [],
  };
}
