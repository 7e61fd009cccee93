import ts from "typescript";
import type { Scope } from "./scope";
import { hasExportModifier } from "./source";

export const IMPORT_MESSAGE = "imports are not available in cells; use Tracebook's primitives";
export const EXPORT_MESSAGE =
  "exports are not available in cells; top-level declarations are shared with the other cells already";
export const RETURN_MESSAGE = "'return' is only allowed inside a function; a cell's value is its last expression";
export const AWAIT_MESSAGE = "'await' is only allowed at the top level of a cell and inside async functions";

export interface RuleContext {
  scope: Scope;
  inFunction: boolean;
  awaitAllowed: boolean;
}

/**
 * The cell rule a node breaks, if any. The parser accepts all of these, but
 * a cell is the body of an async function in a sandbox with no module
 * loader. `skip`: the node is module syntax with nothing left to analyze.
 */
export function findBrokenRule(node: ts.Node, context: RuleContext): { message: string; skip: boolean } | null {
  if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return { message: IMPORT_MESSAGE, skip: true };
  if (ts.isExportDeclaration(node) || ts.isExportAssignment(node)) return { message: EXPORT_MESSAGE, skip: true };
  // Inside a namespace, `export` is ordinary TypeScript.
  if (node.parent && ts.isSourceFile(node.parent) && hasExportModifier(node)) return { message: EXPORT_MESSAGE, skip: false };
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
    const isRequire = ts.isIdentifier(callee) && callee.text === "require" && !context.scope.resolvesValue("require");
    return isImport || isRequire ? { message: IMPORT_MESSAGE, skip: false } : null;
  }
  if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
    return { message: IMPORT_MESSAGE, skip: false };
  }
  if (ts.isReturnStatement(node) && !context.inFunction) return { message: RETURN_MESSAGE, skip: false };
  const isAwait = ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined);
  if (isAwait && !context.awaitAllowed) return { message: AWAIT_MESSAGE, skip: false };
  return null;
}
