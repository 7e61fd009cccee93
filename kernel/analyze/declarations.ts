import ts from "typescript";
import type { Scope } from "./scope";
import { isAmbient, isInstantiatedNamespace } from "./source";

/** The identifiers a binding declares: `x`, or every leaf of `{ a, b: [c, ...d] }`. */
export function listBindingIdentifiers(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  const found: ts.Identifier[] = [];
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    found.push(...listBindingIdentifiers(element.name));
  }
  return found;
}

export function declareBinding(scope: Scope, name: ts.BindingName): void {
  for (const id of listBindingIdentifiers(name)) scope.declareValue(id.text, id.getStart());
}

function isVarList(list: ts.VariableDeclarationList): boolean {
  return (list.flags & ts.NodeFlags.BlockScoped) === 0;
}

/** Nodes that open a new `var` scope: the hoisting walk stops at them. */
function isVarScopeBoundary(node: ts.Node): boolean {
  return (
    ts.isFunctionLike(node) ||
    ts.isClassLike(node) ||
    ts.isModuleDeclaration(node) ||
    ts.isClassStaticBlockDeclaration(node)
  );
}

/**
 * Declares every `var` of a function body (or of the cell) in its function
 * scope, wherever it sits in nested blocks and loops: that is where
 * JavaScript hoists it.
 */
export function hoistVars(body: ts.Node, scope: Scope): void {
  const visit = (node: ts.Node): void => {
    if (isVarScopeBoundary(node)) return;
    if (ts.isVariableStatement(node) && isAmbient(node)) return;
    if (ts.isVariableDeclarationList(node) && isVarList(node)) {
      for (const declaration of node.declarations) declareBinding(scope, declaration.name);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
}

/**
 * Declares what a statement list binds for the whole of its block before any
 * of it runs: let/const/class (in their temporal dead zone), functions,
 * enums, namespaces, and the type-only interface and type alias names.
 * Ambient (`declare`) declarations add types only: the value comes from
 * elsewhere, so uses of it stay free references.
 */
export function hoistLexical(statements: readonly ts.Statement[], scope: Scope): void {
  for (const statement of statements) {
    const ambient = isAmbient(statement);
    if (ts.isVariableStatement(statement)) {
      if (ambient || isVarList(statement.declarationList)) continue;
      for (const declaration of statement.declarationList.declarations) {
        declareBinding(scope, declaration.name);
      }
    } else if (ts.isFunctionDeclaration(statement)) {
      if (statement.name && !ambient) scope.declareValue(statement.name.text, statement.name.getStart());
    } else if (ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      if (!statement.name) continue;
      if (!ambient) scope.declareValue(statement.name.text, statement.name.getStart());
      scope.declareType(statement.name.text, statement.name.getStart());
    } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
      if (isInstantiatedNamespace(statement)) scope.declareValue(statement.name.text, statement.name.getStart());
      scope.declareType(statement.name.text, statement.name.getStart());
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      scope.declareType(statement.name.text, statement.name.getStart());
    }
  }
}

/** A cell's own top-level names: runtime values (shared with other cells) and types. */
export interface TopLevelNames {
  values: string[];
  types: string[];
}

/**
 * The names a cell defines for the notebook. Runtime values are what the
 * compiled cell returns in `defs`; `types` lists interfaces, type aliases and
 * type-only namespaces, which exist for the checker alone.
 */
export function listTopLevelNames(sourceFile: ts.SourceFile, scope: Scope): TopLevelNames {
  const types: string[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      types.push(statement.name.text);
    } else if (
      ts.isModuleDeclaration(statement) &&
      ts.isIdentifier(statement.name) &&
      !isAmbient(statement) &&
      !isInstantiatedNamespace(statement)
    ) {
      types.push(statement.name.text);
    }
  }
  return { values: scope.listValues(), types: [...new Set(types)] };
}
