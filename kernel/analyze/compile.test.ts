import ts from "typescript";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CellCompileError, compileCell } from "./compile";
import { IMPORT_MESSAGE } from "./rules";
import { findOriginalPosition } from "./sourcemap";
import { createTestIsolate, type TestIsolate } from "./test-isolate";

let isolate: TestIsolate;
beforeEach(async () => {
  isolate = await createTestIsolate();
});
afterEach(() => isolate.dispose());

function run(cellId: string, source: string) {
  return isolate.run(compileCell(cellId, source));
}

/** The generated (1-based) position of the only occurrence of `token` in `code`. */
function generatedPositionOf(code: string, token: string): { line: number; column: number } {
  const offset = code.indexOf(token);
  expect(offset).toBeGreaterThanOrEqual(0);
  expect(code.indexOf(token, offset + 1)).toBe(-1);
  const before = code.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1) ?? "").length + 1 };
}

describe("compileCell contract", () => {
  it("produces one expression: an async arrow function taking no arguments", () => {
    const compiled = compileCell("abc", "const x: number = 1;\nx + 1");
    expect(compiled.cellId).toBe("abc");
    expect(compiled.filename).toBe("cell-abc.js");
    const parsed = ts.createSourceFile("check.js", compiled.code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    expect(parsed.statements).toHaveLength(1);
    const statement = parsed.statements[0];
    if (!statement || !ts.isExpressionStatement(statement)) throw new Error("not an expression statement");
    expect(statement.getText().endsWith(";")).toBe(false);
    let expression: ts.Expression = statement.expression;
    while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
    if (!ts.isArrowFunction(expression)) throw new Error("not an arrow function");
    expect(expression.parameters).toHaveLength(0);
    expect(expression.modifiers?.map((m) => m.kind)).toEqual([ts.SyntaxKind.AsyncKeyword]);
  });

  it("resolves to the last expression's value and the top-level definitions", async () => {
    expect(await run("a", "const x = 20;\nlet y = 1;\nfunction f() { return 1 }\nx + y + f()")).toEqual({
      value: 22,
      hasValue: true,
      defs: ["x", "y", "f"],
    });
  });

  it("takes the value of a last expression that starts with a parenthesis (esbuild maps its line start to the statement before)", async () => {
    expect(await run("a", "const box = { n: 2 };\n(await Promise.resolve(box)).n > 1")).toEqual({ value: true, hasValue: true, defs: ["box"] });
  });

  it("has no value when the last statement is not an expression", async () => {
    expect(await run("a", "1 + 1;\nconst x = 3;")).toEqual({ hasValue: false, defs: ["x"] });
    expect(await run("b", "")).toEqual({ hasValue: false, defs: [] });
  });

  it("re-runs a cell that declares const: each run gets a fresh scope", async () => {
    expect((await run("a", "const x = 1;\nx")).value).toBe(1);
    expect((await run("a", "const x = 2;\nx")).value).toBe(2);
  });

  it("lets a later cell read an earlier cell's definitions as globals", async () => {
    await run("a", "const base = 40;\nfunction add(n: number) { return base + n }");
    expect((await run("b", "add(2)")).value).toBe(42);
  });

  it("supports top-level await, also in the last expression", async () => {
    const result = await run("a", "const first = await Promise.resolve(1);\nawait Promise.resolve(first + 1)");
    expect(result).toEqual({ value: 2, hasValue: true, defs: ["first"] });
  });

  it("hoists top-level function declarations", async () => {
    expect(await run("a", "const v = later();\nfunction later() { return 5 }\nv")).toEqual({
      value: 5,
      hasValue: true,
      defs: ["v", "later"],
    });
  });

  it("takes a parenthesized object literal, a string and a trailing comment as the value", async () => {
    expect((await run("a", "({ a: 1 })")).value).toEqual({ a: 1 });
    expect((await run("b", '"hello"')).value).toBe("hello");
    expect((await run("c", "const n = 3 // three\nn * 2 // six")).value).toBe(6);
  });

  it("takes the value before stray semicolons, and runs a cell that starts with a hashbang", async () => {
    expect((await run("a", "1 + 1;;\n;")).value).toBe(2);
    expect((await run("b", "#!/usr/bin/env tracebook\n7")).value).toBe(7);
  });

  it("does not take the code emitted for a final namespace or decorated class as the value", async () => {
    expect(await run("a", "namespace N { export const v = 1 }")).toEqual({ hasValue: false, defs: ["N"] });
    const decorated = await run("b", "function tag(c: any, _ctx: unknown) { return c }\n@tag class K {}");
    expect(decorated).toEqual({ hasValue: false, defs: ["tag", "K"] });
  });
});

describe("compileCell TypeScript", () => {
  it("compiles decorators, enums, namespaces, satisfies and generics", async () => {
    const source = [
      "function register(target: any, context: ClassDecoratorContext) { target.registered = String(context.name); return target }",
      "@register class Service<T> { constructor(private readonly item: T) {} get(): T { return this.item } }",
      "enum Color { Red = 1, Green = Red * 2 }",
      "const enum Size { S = 10 }",
      "namespace Geometry { export const unit = 3; export type Pair = [number, number] }",
      "const config = { retries: 2 } satisfies Record<string, number>;",
      "function first<T>(items: readonly T[]): T | undefined { return items[0] }",
      "interface Shape { area(): number }",
      "abstract class Base implements Shape { abstract area(): number; declare tag: string }",
      "[new Service<number>(7).get(), (Service as any).registered, Color.Green, Size.S, Geometry.unit, config.retries, first([9])]",
    ].join("\n");
    const result = await run("ts", source);
    expect(result.value).toEqual([7, "Service", 2, 10, 3, 2, 9]);
    expect(result.defs).toEqual(["register", "Service", "Color", "Size", "Geometry", "config", "first", "Base"]);
  });

  it("returns no def for a name that exists only for the type checker", async () => {
    const result = await run("a", "declare const outside: number;\nnamespace Types { export type T = 1 }\ntype Alias = string;\nconst real = 1;");
    expect(result.defs).toEqual(["real"]);
  });
});

describe("compileCell errors", () => {
  it("throws CellCompileError with the diagnostics of a syntax error", () => {
    let caught: unknown;
    try {
      compileCell("bad", "const a = 1;\nconst b = ;");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CellCompileError);
    const error = caught as CellCompileError;
    expect(error.cellId).toBe("bad");
    expect(error.diagnostics[0]).toMatchObject({ line: 2, column: 11 });
  });

  it("refuses imports", () => {
    expect(() => compileCell("bad", "import x from 'y';\nx")).toThrow(IMPORT_MESSAGE);
  });

  it("reports errors only esbuild finds, at their line", () => {
    let caught: unknown;
    try {
      compileCell("dup", "let a = 1;\nlet a = 2;");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CellCompileError);
    expect((caught as CellCompileError).diagnostics[0]).toMatchObject({ line: 2, column: 5 });
  });
});

describe("compileCell source map", () => {
  it("names the cell's TypeScript source and carries its content", () => {
    const source = "const x: number = 1;";
    const { sourceMap } = compileCell("m", source);
    expect(sourceMap.version).toBe(3);
    expect(sourceMap.file).toBe("cell-m.js");
    expect(sourceMap.sources).toEqual(["cell-m.ts"]);
    expect(sourceMap.sourcesContent).toEqual([source]);
  });

  it("maps generated tokens back to their original line and column, across the wrapper", () => {
    const source = [
      "interface Totals { sum: number }",
      "const firstValue: number = 1; const secondValue = firstValue as number;",
      "",
      "function combine(left: number, right: number): number {",
      "  return left * rightFactor + right;",
      "}",
      "  combine(firstValue, secondValue) + offsetValue",
    ].join("\n");
    const compiled = compileCell("m", source);
    const expectations: Array<[string, number, number]> = [
      ["secondValue =", 2, 37],
      ["rightFactor", 5, 17],
      ["offsetValue", 7, 38],
      ["combine(firstValue", 7, 3],
    ];
    for (const [token, line, column] of expectations) {
      const generated = generatedPositionOf(compiled.code, token);
      expect(findOriginalPosition(compiled.sourceMap, generated.line, generated.column)).toMatchObject({ line, column });
    }
  });

  it("maps a runtime error on line 3 column 5 back to 3:5", async () => {
    const compiled = compileCell("err", "const a: number = 1;\nconst b = a + 1;\n    missingName + b;");
    const error = await isolate.runFailing(compiled);
    const frame = /cell-err\.js:(\d+):(\d+)/.exec(error.stack);
    expect(frame).not.toBeNull();
    expect(findOriginalPosition(compiled.sourceMap, Number(frame?.[1]), Number(frame?.[2]))).toMatchObject({
      line: 3,
      column: 5,
    });
  });
});
