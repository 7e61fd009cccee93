import { describe, expect, it } from "vitest";
import { analyzeCell } from "./analyze";
import { AWAIT_MESSAGE, EXPORT_MESSAGE, IMPORT_MESSAGE, RETURN_MESSAGE } from "./rules";

function analyze(source: string) {
  return analyzeCell("c1", source);
}

describe("analyzeCell definitions", () => {
  it("lists top-level var, let, const, function, class and enum names in source order", () => {
    const a = analyze("var v = 1;\nlet l = 2;\nconst c = 3;\nfunction f() {}\nclass K {}\nenum E { A }");
    expect(a.defines).toEqual(["v", "l", "c", "f", "K", "E"]);
    expect(a.cellId).toBe("c1");
  });

  it("lists every name bound by destructuring patterns", () => {
    const a = analyze("const { a, b: [c, , ...d], e = 1, ...rest } = o;\nlet [x, { y }] = arr;");
    expect(a.defines).toEqual(["a", "c", "d", "e", "rest", "x", "y"]);
    expect(a.references).toEqual(["o", "arr"]);
  });

  it("keeps interfaces, type aliases and type-only namespaces apart as typeDefines", () => {
    const a = analyze("interface I { a: number }\ntype T = string;\nnamespace OnlyTypes { export type U = 1 }");
    expect(a.typeDefines).toEqual(["I", "T", "OnlyTypes"]);
    expect(a.defines).toEqual([]);
  });

  it("defines a namespace that holds values", () => {
    expect(analyze("namespace N { export const v = 1 }").defines).toEqual(["N"]);
  });

  it("counts a var hoisted out of top-level blocks and loops, not block-scoped names", () => {
    const a = analyze("if (ok) { var hoisted = 1; let inner = 2 }\nfor (var i = 0; i < 3; i++) {}\nfor (let j = 0; j < 1; j++) {}");
    expect(a.defines).toEqual(["hoisted", "i"]);
    expect(a.references).toEqual(["ok"]);
  });

  it("does not count names declared inside functions", () => {
    expect(analyze("function f() { const inner = 1; var v = 2; return inner + v }").defines).toEqual(["f"]);
  });

  it("does not count ambient declarations, and uses of them stay references", () => {
    const a = analyze("declare const fromElsewhere: number;\nfromElsewhere + 1");
    expect(a.defines).toEqual([]);
    expect(a.references).toEqual(["fromElsewhere"]);
  });

  it("lists an overloaded function once", () => {
    const a = analyze("function f(x: number): number;\nfunction f(x: string): string;\nfunction f(x: any) { return x }");
    expect(a.defines).toEqual(["f"]);
  });
});

describe("analyzeCell references", () => {
  it("lists free identifiers once, and not the cell's own definitions", () => {
    const a = analyze("const y = x + 1;\nconst z = y * x;\nconsole.log(z)");
    expect(a.references).toEqual(["x", "console"]);
  });

  it("finds free identifiers inside nested functions and classes", () => {
    const a = analyze(
      "function f() { return () => inArrow }\nclass K { m() { return inMethod } static s = inStatic; field = inField }",
    );
    expect(a.references).toEqual(["inArrow", "inMethod", "inStatic", "inField"]);
  });

  it("treats shadowing inside functions as local, not a reference", () => {
    const a = analyze(
      "function f(x) { const y = 1; return x + y }\nconst g = (y) => { let x = y; return x };\nfunction h() { return z; var z = 1 }",
    );
    expect(a.references).toEqual([]);
  });

  it("resolves block scopes: the name outside the block is still free", () => {
    const a = analyze("{ const x = 1; x }\nx");
    expect(a.references).toEqual(["x"]);
  });

  it("resolves catch variables, loop variables and switch-case declarations", () => {
    const a = analyze(
      "try {} catch (err) { err }\nfor (const item of list) item\nswitch (k) { case 1: const local = 2; local; }",
    );
    expect(a.references).toEqual(["list", "k"]);
  });

  it("excludes property names, object keys and labels; includes shorthand and computed keys", () => {
    const a = analyze("const o = { key: value, shorthand, [computed]: 1, method() {} };\no.key.deeper;\nouter: for (;;) { break outer; }");
    expect(a.references).toEqual(["value", "shorthand", "computed"]);
  });

  it("reads a destructuring default and a computed binding key", () => {
    const a = analyze("const { [key]: renamed = fallback } = source;");
    expect(a.defines).toEqual(["renamed"]);
    expect(a.references).toEqual(["key", "fallback", "source"]);
  });

  it("counts names assigned but never declared as references", () => {
    expect(analyze("counter = counter + 1").references).toEqual(["counter"]);
  });

  it("sees `arguments` and a named function expression's own name as local", () => {
    const a = analyze("const f = function fact(n) { return n ? n * fact(n - 1) : arguments.length }");
    expect(a.references).toEqual([]);
  });

  it("reads decorators, class heritage and enum initializers", () => {
    const a = analyze("@decorate class K extends Base { @member m() {} }\nenum E { A = 1, B = A * factor }");
    expect(a.references).toEqual(["decorate", "Base", "member", "factor"]);
  });

  it("resolves a class name inside its own body and a class expression's name", () => {
    const a = analyze("class K { static make() { return new K() } }\nconst C = class Named { clone() { return new Named() } }");
    expect(a.references).toEqual([]);
  });
});

describe("analyzeCell type positions", () => {
  it("reports names used only in types as typeReferences", () => {
    const a = analyze(
      "let x: Shape = make();\nconst y = x as Other;\nconst z = { a: 1 } satisfies Check;\nfunction f<T extends Bound>(p: T): Result<T> { return p as any }",
    );
    expect(a.references).toEqual(["make"]);
    expect(a.typeReferences).toEqual(["Shape", "Other", "Check", "Bound", "Result"]);
  });

  it("treats `typeof value` in a type as a type reference, and `typeof value` in code as a reference", () => {
    const a = analyze("type T = typeof inType;\nconst k = typeof inCode;");
    expect(a.typeReferences).toEqual(["inType"]);
    expect(a.references).toEqual(["inCode"]);
  });

  it("does not report type parameters, mapped keys or inferred names", () => {
    const a = analyze(
      "type M<T> = { [K in keyof T]: T[K] extends Array<infer U> ? U : never };\ninterface Box<V> { value: V; map<W>(f: (v: V) => W): Box<W> }",
    );
    expect(a.typeReferences).toEqual(["Array"]);
    expect(a.references).toEqual([]);
  });

  it("reads `implements` and interface `extends` as types, class `extends` as a value", () => {
    const a = analyze("interface I extends Parent {}\nclass K extends Base implements Contract {}");
    expect(a.references).toEqual(["Base"]);
    expect(a.typeReferences).toEqual(["Parent", "Contract"]);
  });

  it("reports only the leftmost name of a qualified type or typeof", () => {
    const a = analyze("let v: Outer.Inner.Leaf;\nlet w: typeof source.field;");
    expect(a.typeReferences).toEqual(["Outer", "source"]);
    expect(a.references).toEqual([]);
  });

  it("resolves a local interface or class used as a type", () => {
    const a = analyze("interface Point { x: number }\nclass K {}\nconst p: Point = { x: 1 };\nconst k: K = new K();");
    expect(a.typeReferences).toEqual([]);
  });

  it("does not count a type predicate's parameter", () => {
    const a = analyze("function isString(v: unknown): v is string { return typeof v === 'string' }");
    expect(a.references).toEqual([]);
    expect(a.typeReferences).toEqual([]);
  });

  it("reads the value of an instantiation expression", () => {
    const a = analyze("const g = generic<string>;");
    expect(a.references).toEqual(["generic"]);
  });
});

describe("analyzeCell diagnostics", () => {
  it("reports syntax errors at 1-based line and column", () => {
    const a = analyze("const ok = 1;\nlet broken = ;");
    expect(a.diagnostics).toHaveLength(1);
    expect(a.diagnostics[0]).toMatchObject({ line: 2, column: 14, message: "Expression expected." });
  });

  it("reports import declarations, dynamic import() and require() at their lines", () => {
    const a = analyze("import fs from 'fs';\nconst m = await import('x');\nconst r = require('y');");
    expect(a.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [1, IMPORT_MESSAGE],
      [2, IMPORT_MESSAGE],
      [3, IMPORT_MESSAGE],
    ]);
    expect(a.diagnostics[1]).toMatchObject({ column: 17 });
  });

  it("allows a locally declared function named require", () => {
    expect(analyze("function require(x: string) { return x }\nrequire('fine')").diagnostics).toEqual([]);
  });

  it("reports export declarations", () => {
    const a = analyze("export const a = 1;\nconst b = 2;\nexport { b };");
    expect(a.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [1, EXPORT_MESSAGE],
      [3, EXPORT_MESSAGE],
    ]);
    expect(a.defines).toEqual(["a", "b"]);
  });

  it("allows exports inside a namespace", () => {
    expect(analyze("namespace N { export const v = 1 }").diagnostics).toEqual([]);
  });

  it("reports a top-level return, not one in a function", () => {
    expect(analyze("function f() { return 1 }").diagnostics).toEqual([]);
    expect(analyze("if (x) return 1").diagnostics.map((d) => d.message)).toEqual([RETURN_MESSAGE]);
  });

  it("allows top-level await and reports await in a non-async function", () => {
    expect(analyze("const v = await fetchIt();\nfor await (const x of stream) {}").diagnostics).toEqual([]);
    const a = analyze("async function ok() { await 1 }\nfunction bad() {\n  await 1;\n}");
    expect(a.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[3, 3, AWAIT_MESSAGE]]);
  });

  it("still analyzes a cell that has a syntax error", () => {
    const a = analyze("const a = b +;\nconst c = d;");
    expect(a.diagnostics.length).toBeGreaterThan(0);
    expect(a.defines).toEqual(["a", "c"]);
    expect(a.references).toEqual(["b", "d"]);
  });
});
