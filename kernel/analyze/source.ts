import ts from "typescript";

/** The file name cells are parsed under; the TS parser only uses it to pick the dialect. */
const PARSE_NAME = "cell.ts";

/** A 1-based position in a cell's source, as the editor shows it. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Parses a cell as a TypeScript script (not a module: cells have no imports
 * or exports) with parent pointers, which the scope walk relies on.
 */
export function parseCellSource(source: string): ts.SourceFile {
  return ts.createSourceFile(PARSE_NAME, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

export function locatePosition(sourceFile: ts.SourceFile, offset: number): SourcePosition {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}

/** True when the node carries the `declare` modifier: it exists only for the type checker. */
export function isAmbient(node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)
  );
}

export function hasExportModifier(node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  );
}

/**
 * Whether a namespace emits JavaScript. A namespace holding only types (or
 * other type-only namespaces) is erased, so it defines no runtime name.
 */
export function isInstantiatedNamespace(node: ts.ModuleDeclaration): boolean {
  if (isAmbient(node) || !ts.isIdentifier(node.name)) return false;
  const body = node.body;
  if (!body) return false;
  if (ts.isModuleDeclaration(body)) return isInstantiatedNamespace(body);
  if (!ts.isModuleBlock(body)) return false;
  return body.statements.some((statement) => {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) return false;
    if (ts.isModuleDeclaration(statement)) return isInstantiatedNamespace(statement);
    return !isAmbient(statement);
  });
}
