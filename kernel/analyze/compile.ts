import { type Message, transformSync } from "esbuild";
import ts from "typescript";
import { type AnalysisDiagnostic, analyzeSourceFile } from "./analyze";
import { hoistLexical, hoistVars } from "./declarations";
import { Scope } from "./scope";
import { type CellSourceMap, decodeMappings, encodeMappings } from "./sourcemap";
import { type Insertion, spliceGenerated } from "./splice";
import { parseCellSource } from "./source";

/**
 * The compiled-cell contract (analyze -> kernel process): `code` is one JS
 * expression evaluating to an async function of no arguments that resolves to
 * `{ value, hasValue, defs }`. The isolate compiles it under `filename`, so
 * stack frames name the cell and `sourceMap` maps them back to its source.
 */
export interface CompiledCell {
  cellId: string;
  code: string;
  filename: string;
  sourceMap: CellSourceMap;
}

/** The cell could not be compiled; each diagnostic points into its source. */
export class CellCompileError extends Error {
  constructor(
    readonly cellId: string,
    readonly diagnostics: AnalysisDiagnostic[],
  ) {
    super(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join("\n") || "the cell does not compile");
    this.name = "CellCompileError";
  }
}

export function cellFilename(cellId: string): string {
  return `cell-${cellId}.js`;
}

/** The name the cell's TypeScript source has in its source map. */
export function cellSourceName(cellId: string): string {
  return `cell-${cellId}.ts`;
}

const PROLOGUE = "(async () => {\n";
const EPILOGUE_END = "\n})";

/**
 * Compiles a cell: esbuild strips the TypeScript (lowering what V8 lacks at
 * ES2022, such as decorators) with a source map to the original source, then
 * the JS is wrapped in an async arrow so top-level `await` works and each run
 * gets a fresh scope (re-running `const x` is fine). The top-level
 * definitions are returned in `defs` instead of being declared globally, and
 * a final expression statement is rewritten in place into the returned
 * value. Throws `CellCompileError` when the cell has diagnostics.
 */
export function compileCell(cellId: string, source: string): CompiledCell {
  const sourceFile = parseCellSource(source);
  const analysis = analyzeSourceFile(cellId, sourceFile);
  if (analysis.diagnostics.length > 0) throw new CellCompileError(cellId, analysis.diagnostics);

  const transpiled = transpile(cellId, source);
  // esbuild keeps a hashbang line, which is only valid at the very start of a script.
  if (transpiled.code.startsWith("#!")) transpiled.code = `//${transpiled.code.slice(2)}`;
  const script = ts.createSourceFile("cell.js", transpiled.code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const emitted = new Scope(null);
  hoistVars(script, emitted);
  hoistLexical(script.statements, emitted);
  const defs = `{ ${analysis.defines.filter((name) => emitted.resolvesValue(name)).join(", ")} }`;

  const insertions: Insertion[] = [{ offset: 0, text: PROLOGUE }];
  const valueStatement = findValueStatement(sourceFile, script, transpiled.map);
  if (valueStatement) {
    insertions.push(
      { offset: valueStatement.expression.getStart(), text: "return { value: (" },
      { offset: valueStatement.expression.getEnd(), text: `), hasValue: true, defs: ${defs} }` },
      { offset: transpiled.code.length, text: EPILOGUE_END },
    );
  } else {
    insertions.push({
      offset: transpiled.code.length,
      text: `\nreturn { value: undefined, hasValue: false, defs: ${defs} };${EPILOGUE_END}`,
    });
  }
  const spliced = spliceGenerated(transpiled.code, decodeMappings(transpiled.map.mappings), insertions);
  return {
    cellId,
    code: spliced.text,
    filename: cellFilename(cellId),
    sourceMap: { ...transpiled.map, mappings: encodeMappings(spliced.mappings) },
  };
}

function transpile(cellId: string, source: string): { code: string; map: CellSourceMap } {
  try {
    const result = transformSync(source, {
      loader: "ts",
      target: "es2022",
      sourcemap: "external",
      sourcefile: cellSourceName(cellId),
      sourcesContent: false,
    });
    const raw = JSON.parse(result.map) as { mappings?: string; names?: string[] };
    return {
      code: result.code,
      map: {
        version: 3,
        file: cellFilename(cellId),
        sources: [cellSourceName(cellId)],
        sourcesContent: [source],
        names: raw.names ?? [],
        mappings: raw.mappings ?? "",
      },
    };
  } catch (error) {
    throw new CellCompileError(cellId, listEsbuildDiagnostics(error));
  }
}

function listEsbuildDiagnostics(error: unknown): AnalysisDiagnostic[] {
  const messages: Message[] =
    typeof error === "object" && error !== null && "errors" in error && Array.isArray(error.errors)
      ? (error.errors as Message[])
      : [];
  if (messages.length === 0) {
    const text = error instanceof Error ? error.message : String(error);
    return [{ line: 1, column: 1, endLine: 1, endColumn: 1, message: text }];
  }
  return messages.map((message) => {
    const line = message.location?.line ?? 1;
    const column = (message.location?.column ?? 0) + 1;
    return { line, column, endLine: line, endColumn: column + (message.location?.length ?? 0), message: message.text };
  });
}

/**
 * The emitted statement that carries the cell's value: the JS's last
 * statement, when it is an expression statement that came from the cell's
 * last statement, itself an expression statement. Checking the origin
 * through the source map matters: a cell ending in a namespace or a
 * decorated class also emits a trailing expression statement.
 */
function findValueStatement(
  sourceFile: ts.SourceFile,
  script: ts.SourceFile,
  map: CellSourceMap,
): ts.ExpressionStatement | null {
  const last = findLastStatement(sourceFile);
  const emitted = findLastStatement(script);
  if (!last || !emitted || !ts.isExpressionStatement(last) || !ts.isExpressionStatement(emitted)) return null;
  // A cell of string literals only is a directive prologue, which esbuild leaves unmapped.
  if (ts.isStringLiteral(last.expression) && ts.isStringLiteral(emitted.expression)) {
    return last.expression.text === emitted.expression.text ? emitted : null;
  }
  // Any token from the last statement will do: esbuild may map the start of a
  // line (a leading `(`) to the end of the statement before it.
  const fromLast = listOrigins(map, script, emitted).some(({ line, column }) => {
    const offset = sourceFile.getPositionOfLineAndCharacter(line, column);
    return offset >= last.getStart() && offset < last.getEnd();
  });
  return fromLast ? emitted : null;
}

/** Stray semicolons after the last expression (`1;;`) are empty statements, not the end of the cell. */
function findLastStatement(file: ts.SourceFile): ts.Statement | undefined {
  return file.statements.filter((statement) => !ts.isEmptyStatement(statement)).at(-1);
}

/**
 * The original positions of the mapped tokens of an emitted node. esbuild
 * maps tokens, not every character: a parenthesized statement's `(` has no
 * segment of its own.
 */
function listOrigins(map: CellSourceMap, script: ts.SourceFile, node: ts.Node): Array<{ line: number; column: number }> {
  const from = script.getLineAndCharacterOfPosition(node.getStart());
  const to = script.getLineAndCharacterOfPosition(node.getEnd());
  const lines = decodeMappings(map.mappings);
  const origins: Array<{ line: number; column: number }> = [];
  for (let line = from.line; line <= to.line; line++) {
    for (const segment of lines[line] ?? []) {
      const [column = 0, , originalLine, originalColumn] = segment;
      if (line === from.line && column < from.character) continue;
      if (line === to.line && column >= to.character) break;
      if (originalLine !== undefined && originalColumn !== undefined) origins.push({ line: originalLine, column: originalColumn });
    }
  }
  return origins;
}
