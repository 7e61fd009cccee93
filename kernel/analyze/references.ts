import ts from "typescript";
import { declareBinding, hoistLexical, hoistVars } from "./declarations";
import { Scope } from "./scope";
import { findBrokenRule } from "./rules";
import { isAmbient } from "./source";

/** A rule the parser does not enforce but a cell must follow, at a source range. */
export interface Problem {
  start: number;
  end: number;
  message: string;
}

export interface ReferenceFindings {
  references: string[];
  typeReferences: string[];
  problems: Problem[];
}

interface Context {
  scope: Scope;
  /** In a type position: identifiers name types, and nothing here runs. */
  inType: boolean;
  /** Inside a function body (not the cell's top level). */
  inFunction: boolean;
  awaitAllowed: boolean;
}

/**
 * Walks a whole cell, resolving every identifier in a reference position
 * against the scopes of the cell. What does not resolve is free: the cell
 * reads it from the notebook (another cell's definition) or the global scope.
 */
export function findReferences(sourceFile: ts.SourceFile, root: Scope): ReferenceFindings {
  const walker = new ReferenceWalker();
  const context: Context = { scope: root, inType: false, inFunction: false, awaitAllowed: true };
  for (const statement of sourceFile.statements) walker.visit(statement, context);
  return {
    references: [...walker.references],
    typeReferences: [...walker.typeReferences],
    problems: walker.problems,
  };
}

class ReferenceWalker {
  readonly references = new Set<string>();
  readonly typeReferences = new Set<string>();
  readonly problems: Problem[] = [];

  visit(node: ts.Node, context: Context): void {
    if (ts.isIdentifier(node)) {
      this.resolve(node, context, context.inType ? "type" : "value");
      return;
    }
    if (ts.isExpressionWithTypeArguments(node)) {
      this.visitExpressionWithTypeArguments(node, context);
      return;
    }
    if (!context.inType && ts.isTypeNode(node)) {
      this.visit(node, { ...context, inType: true });
      return;
    }
    if (this.checkRules(node, context)) return;
    if (ts.isFunctionLike(node) && !ts.isTypeNode(node) && !isSignature(node)) {
      this.visitFunction(node, context);
      return;
    }
    if (ts.isClassLike(node)) {
      this.visitClass(node, context);
      return;
    }
    this.visitOther(node, context);
  }

  private visitChildren(node: ts.Node, context: Context): void {
    ts.forEachChild(node, (child) => this.visit(child, context));
  }

  private visitAll(nodes: readonly ts.Node[] | undefined, context: Context): void {
    for (const node of nodes ?? []) this.visit(node, context);
  }

  private visitOptional(node: ts.Node | undefined, context: Context): void {
    if (node) this.visit(node, context);
  }

  /** Positions whose identifiers are names, not references: only what is computed is visited. */
  private visitPropertyName(name: ts.Node | undefined, context: Context): void {
    if (name && ts.isComputedPropertyName(name)) this.visit(name.expression, { ...context, inType: false });
  }

  private visitOther(node: ts.Node, context: Context): void {
    if (ts.isPropertyAccessExpression(node)) {
      this.visit(node.expression, context);
    } else if (ts.isQualifiedName(node)) {
      this.visit(node.left, context);
    } else if (ts.isPropertyAssignment(node)) {
      this.visitPropertyName(node.name, context);
      this.visit(node.initializer, context);
    } else if (ts.isShorthandPropertyAssignment(node)) {
      this.resolve(node.name, context, "value");
      this.visitOptional(node.objectAssignmentInitializer, context);
    } else if (
      ts.isPropertyDeclaration(node) ||
      ts.isPropertySignature(node) ||
      ts.isEnumMember(node) ||
      ts.isBindingElement(node)
    ) {
      this.visitNamedMember(node, context);
    } else if (ts.isVariableDeclaration(node)) {
      this.visitBindingDefaults(node.name, context);
      this.visitOptional(node.type, context);
      this.visitOptional(node.initializer, context);
    } else if (ts.isParameter(node)) {
      this.visitAll(ts.getDecorators(node), { ...context, inType: false });
      this.visitBindingDefaults(node.name, { ...context, inType: false });
      this.visitOptional(node.type, context);
      this.visitOptional(node.initializer, { ...context, inType: false });
    } else if (ts.isLabeledStatement(node)) {
      this.visit(node.statement, context);
    } else if (ts.isBreakOrContinueStatement(node) || ts.isMetaProperty(node)) {
      // Labels and `new.target` name nothing in scope.
    } else if (ts.isTypePredicateNode(node)) {
      this.visitOptional(node.type, context);
    } else if (ts.isTypeParameterDeclaration(node) || ts.isInferTypeNode(node)) {
      const parameter = ts.isInferTypeNode(node) ? node.typeParameter : node;
      this.visitOptional(parameter.constraint, context);
      this.visitOptional(parameter.default, context);
    } else if (ts.isNamedTupleMember(node)) {
      this.visit(node.type, context);
    } else if (ts.isImportTypeNode(node)) {
      this.visitAll(node.typeArguments, context);
    } else if (ts.isTypeReferenceNode(node)) {
      this.resolve(leftmostIdentifier(node.typeName), context, "type");
      this.visitAll(node.typeArguments, context);
    } else if (ts.isTypeQueryNode(node)) {
      // `typeof x` in a type reads a value's type; it never runs, so it is a type reference.
      this.resolve(leftmostIdentifier(node.exprName), context, "typeof");
      this.visitAll(node.typeArguments, context);
    } else {
      this.visitScoped(node, context);
    }
  }

  private visitNamedMember(
    node: ts.PropertyDeclaration | ts.PropertySignature | ts.EnumMember | ts.BindingElement,
    context: Context,
  ): void {
    if (ts.canHaveDecorators(node)) this.visitAll(ts.getDecorators(node), context);
    if (ts.isBindingElement(node)) {
      this.visitPropertyName(node.propertyName, context);
      this.visitBindingDefaults(node.name, context);
    } else {
      this.visitPropertyName(node.name, context);
    }
    if (!ts.isEnumMember(node) && !ts.isBindingElement(node)) this.visitOptional(node.type, context);
    const initializer = ts.isPropertySignature(node) ? undefined : node.initializer;
    // A class field initializer runs as if in a method: no `await`.
    const inner = ts.isPropertyDeclaration(node) ? { ...context, awaitAllowed: false } : context;
    this.visitOptional(initializer, { ...inner, inType: false });
  }

  /** A binding's own names are declarations; only its defaults and computed keys are read. */
  private visitBindingDefaults(name: ts.BindingName, context: Context): void {
    if (ts.isIdentifier(name)) return;
    for (const element of name.elements) {
      if (!ts.isOmittedExpression(element)) this.visit(element, context);
    }
  }

  /** Nodes that open a scope (blocks, loops, switch, catch, namespaces, enums, type-level scopes). */
  private visitScoped(node: ts.Node, context: Context): void {
    if (ts.isBlock(node) || ts.isModuleBlock(node)) {
      const scope = new Scope(context.scope);
      hoistLexical(node.statements, scope);
      this.visitAll(node.statements, { ...context, scope });
    } else if (ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node)) {
      const scope = new Scope(context.scope);
      const initializer = node.initializer;
      if (initializer && ts.isVariableDeclarationList(initializer)) {
        for (const declaration of initializer.declarations) {
          if (initializer.flags & ts.NodeFlags.BlockScoped) declareBinding(scope, declaration.name);
        }
      }
      this.visitChildren(node, { ...context, scope });
    } else if (ts.isCaseBlock(node)) {
      const scope = new Scope(context.scope);
      hoistLexical(
        node.clauses.flatMap((clause) => clause.statements),
        scope,
      );
      this.visitChildren(node, { ...context, scope });
    } else if (ts.isCatchClause(node)) {
      const scope = new Scope(context.scope);
      if (node.variableDeclaration) declareBinding(scope, node.variableDeclaration.name);
      this.visitChildren(node, { ...context, scope });
    } else if (ts.isModuleDeclaration(node)) {
      this.visitNamespace(node, context);
    } else if (ts.isEnumDeclaration(node)) {
      const scope = new Scope(context.scope);
      for (const member of node.members) {
        if (!ts.isComputedPropertyName(member.name)) scope.declareValue(member.name.text, member.name.getStart());
      }
      this.visitAll(node.members, { ...context, scope });
    } else if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
      const scope = this.typeParameterScope(node.typeParameters, context.scope);
      const inner = { ...context, scope, inType: true };
      this.visitAll(node.typeParameters, inner);
      if (ts.isInterfaceDeclaration(node)) {
        this.visitAll(node.heritageClauses, inner);
        this.visitAll(node.members, inner);
      } else {
        this.visit(node.type, inner);
      }
    } else if (ts.isMappedTypeNode(node)) {
      const scope = this.typeParameterScope([node.typeParameter], context.scope);
      this.visitChildren(node, { ...context, scope });
    } else if (ts.isConditionalTypeNode(node)) {
      const scope = new Scope(context.scope);
      declareInferred(node.extendsType, scope);
      this.visitChildren(node, { ...context, scope });
    } else if (ts.isFunctionTypeNode(node) || ts.isConstructorTypeNode(node) || isSignature(node)) {
      const signature = node as ts.SignatureDeclarationBase;
      const scope = this.typeParameterScope(signature.typeParameters, context.scope);
      for (const parameter of signature.parameters) declareBinding(scope, parameter.name);
      if (ts.isMethodSignature(node)) this.visitPropertyName(node.name, context);
      const inner = { ...context, scope, inType: true };
      this.visitAll(signature.typeParameters, inner);
      this.visitAll(signature.parameters, inner);
      this.visitOptional(signature.type, inner);
    } else {
      this.visitChildren(node, context);
    }
  }

  private visitNamespace(node: ts.ModuleDeclaration, context: Context): void {
    // `declare module "x"` and `declare global` describe code outside the cell.
    if (!ts.isIdentifier(node.name) || isAmbient(node)) return;
    const body = node.body;
    if (!body) return;
    if (ts.isModuleDeclaration(body)) {
      this.visitNamespace(body, context);
      return;
    }
    if (!ts.isModuleBlock(body)) return;
    const scope = new Scope(context.scope);
    hoistVars(body, scope);
    hoistLexical(body.statements, scope);
    this.visitAll(body.statements, { ...context, scope, inFunction: true, awaitAllowed: false });
  }

  private typeParameterScope(parameters: readonly ts.TypeParameterDeclaration[] | undefined, parent: Scope): Scope {
    const scope = new Scope(parent);
    for (const parameter of parameters ?? []) scope.declareType(parameter.name.text, parameter.name.getStart());
    return scope;
  }

  private visitFunction(node: ts.SignatureDeclaration, context: Context): void {
    const outside = { ...context, inType: false };
    this.visitAll(ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined, outside);
    if (ts.isMethodDeclaration(node) || ts.isAccessor(node)) this.visitPropertyName(node.name, outside);
    let parent = context.scope;
    if (ts.isFunctionExpression(node) && node.name) {
      // A named function expression sees its own name, and nothing outside does.
      parent = new Scope(parent);
      parent.declareValue(node.name.text, node.name.getStart());
    }
    const scope = this.typeParameterScope(node.typeParameters, parent);
    for (const parameter of node.parameters) declareBinding(scope, parameter.name);
    if (!ts.isArrowFunction(node)) scope.declareValue("arguments", node.getStart());
    const body = "body" in node ? node.body : undefined;
    if (body && ts.isBlock(body)) {
      hoistVars(body, scope);
      hoistLexical(body.statements, scope);
    }
    const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
    const isAsync = (modifiers ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
    const inner: Context = { scope, inType: false, inFunction: true, awaitAllowed: isAsync };
    this.visitAll(node.typeParameters, { ...inner, inType: true });
    this.visitAll(node.parameters, inner);
    this.visitOptional(node.type, { ...inner, inType: true });
    if (body && ts.isBlock(body)) this.visitAll(body.statements, inner);
    else if (body) this.visit(body, inner);
  }

  private visitClass(node: ts.ClassLikeDeclaration, context: Context): void {
    const outside = { ...context, inType: false };
    this.visitAll(ts.getDecorators(node), outside);
    const scope = this.typeParameterScope(node.typeParameters, context.scope);
    if (node.name) {
      scope.declareValue(node.name.text, node.name.getStart());
      scope.declareType(node.name.text, node.name.getStart());
    }
    const inner: Context = { ...outside, scope };
    this.visitAll(node.typeParameters, { ...inner, inType: true });
    this.visitAll(node.heritageClauses, inner);
    for (const member of node.members) {
      if (ts.isClassStaticBlockDeclaration(member)) {
        const block = new Scope(scope);
        hoistVars(member.body, block);
        hoistLexical(member.body.statements, block);
        this.visitAll(member.body.statements, { scope: block, inType: false, inFunction: true, awaitAllowed: false });
      } else {
        this.visit(member, inner);
      }
    }
  }

  /**
   * `extends Base<T>` of a class reads the value `Base`; `implements I` and
   * an interface's `extends` name types; `f<T>` alone is an instantiation
   * expression, a value.
   */
  private visitExpressionWithTypeArguments(node: ts.ExpressionWithTypeArguments, context: Context): void {
    const clause = node.parent;
    const typeOnly =
      ts.isHeritageClause(clause) &&
      (clause.token === ts.SyntaxKind.ImplementsKeyword || ts.isInterfaceDeclaration(clause.parent));
    if (typeOnly) {
      const left = leftmostExpressionIdentifier(node.expression);
      if (left) this.resolve(left, context, "type");
      else this.visit(node.expression, { ...context, inType: false });
    } else {
      this.visit(node.expression, { ...context, inType: false });
    }
    this.visitAll(node.typeArguments, { ...context, inType: true });
  }

  /** Cell rules (no modules, no top-level return, await placement). True when the node is fully handled. */
  private checkRules(node: ts.Node, context: Context): boolean {
    const broken = findBrokenRule(node, context);
    if (broken) this.report(node, broken.message);
    return broken?.skip ?? false;
  }

  private report(node: ts.Node, message: string): void {
    this.problems.push({ start: node.getStart(), end: node.getEnd(), message });
  }

  private resolve(id: ts.Identifier | undefined, context: Context, meaning: "value" | "type" | "typeof"): void {
    // The parser's recovery inserts nameless identifiers; they name nothing.
    if (!id || id.text === "") return;
    const name = id.text;
    if (meaning === "value") {
      if (!context.scope.resolvesValue(name)) this.references.add(name);
    } else if (meaning === "type") {
      if (!context.scope.resolvesType(name)) this.typeReferences.add(name);
    } else if (!context.scope.resolvesValue(name)) {
      this.typeReferences.add(name);
    }
  }
}

function isSignature(node: ts.Node): boolean {
  return (
    ts.isMethodSignature(node) ||
    ts.isCallSignatureDeclaration(node) ||
    ts.isConstructSignatureDeclaration(node) ||
    ts.isIndexSignatureDeclaration(node)
  );
}

function leftmostIdentifier(name: ts.EntityName): ts.Identifier | undefined {
  if (ts.isIdentifier(name)) return name.text === "this" ? undefined : name;
  return leftmostIdentifier(name.left);
}

function leftmostExpressionIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  if (ts.isIdentifier(expression)) return expression;
  if (ts.isPropertyAccessExpression(expression)) return leftmostExpressionIdentifier(expression.expression);
  return undefined;
}

/** `infer U` introduces U for the conditional type it sits in. */
function declareInferred(node: ts.Node, scope: Scope): void {
  if (ts.isInferTypeNode(node)) {
    scope.declareType(node.typeParameter.name.text, node.typeParameter.name.getStart());
  }
  ts.forEachChild(node, (child) => declareInferred(child, scope));
}
