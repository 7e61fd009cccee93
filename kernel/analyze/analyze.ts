import type ts from "typescript";
import { listTopLevelNames, hoistLexical, hoistVars } from "./declarations";
import { type AnalysisDiagnostic, listSyntaxDiagnostics, makeDiagnostic } from "./diagnostics";
import { findReferences } from "./references";
import { Scope } from "./scope";
import { parseCellSource } from "./source";

export type { AnalysisDiagnostic } from "./diagnostics";

/** What the dependency graph needs to know about one cell's source. Plain JSON. */
export interface CellAnalysis {
  cellId: string;
  /** Top-level runtime names the cell defines for the notebook, in source order. */
  defines: string[];
  /** Top-level interfaces, type aliases and type-only namespaces: erased at runtime. */
  typeDefines: string[];
  /** Free identifiers read (or written) at runtime: the cell's inputs. */
  references: string[];
  /** Free names used only in type positions: they create no runtime dependency. */
  typeReferences: string[];
  /** Syntax errors and broken cell rules (imports, exports, top-level return); empty when the cell can run. */
  diagnostics: AnalysisDiagnostic[];
}

/**
 * Analyzes one cell: what it defines, what it reads, and what stops it from
 * running. Pure; never throws on bad input (syntax errors become diagnostics
 * and the parser's recovered tree is still analyzed).
 */
export function analyzeCell(cellId: string, source: string): CellAnalysis {
  return analyzeSourceFile(cellId, parseCellSource(source));
}

/** `analyzeCell` for a source already parsed with `parseCellSource`. */
export function analyzeSourceFile(cellId: string, sourceFile: ts.SourceFile): CellAnalysis {
  const root = new Scope(null);
  hoistVars(sourceFile, root);
  hoistLexical(sourceFile.statements, root);
  const names = listTopLevelNames(sourceFile, root);
  const findings = findReferences(sourceFile, root);
  const diagnostics = [
    ...listSyntaxDiagnostics(sourceFile),
    ...findings.problems.map((problem) => makeDiagnostic(sourceFile, problem.start, problem.end, problem.message)),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    cellId,
    defines: names.values,
    typeDefines: names.types,
    references: findings.references,
    typeReferences: findings.typeReferences,
    diagnostics,
  };
}
