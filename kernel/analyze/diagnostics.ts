import ts from "typescript";
import { locatePosition } from "./source";

/** A problem in a cell's source, 1-based, as the editor marks it. */
export interface AnalysisDiagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export function makeDiagnostic(
  sourceFile: ts.SourceFile,
  start: number,
  end: number,
  message: string,
): AnalysisDiagnostic {
  const from = locatePosition(sourceFile, start);
  const to = locatePosition(sourceFile, Math.max(start, end));
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, message };
}

/**
 * The parser's syntax errors for one cell. They are read through a one-file
 * program (no lib, no resolution, no type check) because that is the public
 * API for a source file's syntactic diagnostics.
 */
export function listSyntaxDiagnostics(sourceFile: ts.SourceFile): AnalysisDiagnostic[] {
  const name = sourceFile.fileName;
  const host: ts.CompilerHost = {
    getSourceFile: (file) => (file === name ? sourceFile : undefined),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => undefined,
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (file) => file,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (file) => file === name,
    readFile: () => undefined,
  };
  const program = ts.createProgram({
    rootNames: [name],
    options: { noLib: true, noResolve: true, types: [] },
    host,
  });
  return program.getSyntacticDiagnostics(sourceFile).map((diagnostic) => {
    const start = diagnostic.start ?? 0;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    return makeDiagnostic(sourceFile, start, start + (diagnostic.length ?? 0), message);
  });
}
