import { analyzeCell } from "../analyze/analyze";
import { buildGraph, type NotebookGraph } from "./graph";

/**
 * Test support: a graph from cells given as `[id, defines, references]`,
 * or from real cell sources analyzed with `analyzeCell`.
 */
export function graphOf(...cells: Array<[id: string, defines: string[], references: string[]]>): NotebookGraph {
  return buildGraph(cells.map(([id, defines, references]) => ({ id, analysis: { defines, references } })));
}

export function graphOfSources(...cells: Array<[id: string, source: string]>): NotebookGraph {
  return buildGraph(cells.map(([id, source]) => ({ id, analysis: analyzeCell(id, source) })));
}
