import path from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";
import { CELL_COMPILER_OPTIONS, IGNORED_DIAGNOSTICS } from "./typescript-setup";

/**
 * The cells' compiler options and ignored diagnostics, checked with the
 * real compiler on a program made of cell scripts, as Monaco's worker sees them.
 */
const GLOBALS = "declare function load(): Promise<number[]>;\ndeclare function ticks(): AsyncGenerator<number>;\n";

function diagnose(cells: Record<string, string>): Map<string, number[]> {
  const options: ts.CompilerOptions = {
    ...CELL_COMPILER_OPTIONS,
    // The language service takes lib names as file names; Monaco's worker maps "es2022" the same way.
    lib: CELL_COMPILER_OPTIONS.lib.map((lib) => `lib.${lib}.d.ts`),
  };
  const files = new Map(Object.entries(cells).map(([id, text]) => [`/cells/${id}.ts`, text]));
  files.set("/types/tracebook.d.ts", GLOBALS);
  const host = ts.createCompilerHost(options);
  const libDir = path.dirname(ts.getDefaultLibFilePath(options));
  // Cells and declarations from memory; TypeScript's own lib files from its package.
  const read = (name: string) => files.get(name) ?? (path.basename(name).startsWith("lib.") ? ts.sys.readFile(path.join(libDir, path.basename(name))) : undefined);
  host.getSourceFile = (name, version) => {
    const text = read(name);
    return text === undefined ? undefined : ts.createSourceFile(name, text, version);
  };
  host.fileExists = (name) => read(name) !== undefined;
  host.readFile = read;
  const program = ts.createProgram([...files.keys()], options, host);
  const codes = new Map<string, number[]>();
  for (const [name] of files) {
    const file = program.getSourceFile(name)!;
    const all = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    codes.set(name.replace(/^\/cells\/|\.ts$/g, ""), all.map((d) => d.code).sort());
  }
  expect(program.getGlobalDiagnostics().map((d) => d.code)).toEqual([]);
  return codes;
}

const shown = (codes: number[] | undefined) => (codes ?? []).filter((code) => !IGNORED_DIAGNOSTICS.includes(code));

test("top-level await, for await and return are how cells work: raised by the compiler, ignored by the editor", () => {
  const codes = diagnose({
    a: "const data = await load();\nfor await (const t of ticks()) { if (t > 3) break; }\nif (data.length === 0) return;\n",
  });
  expect(codes.get("a")).toEqual([1108, 1375, 1431]);
  expect(shown(codes.get("a"))).toEqual([]);
});

test("cells see each other's top-level declarations, with their types", () => {
  const codes = diagnose({ a: "const rate = 0.1;\n", b: "const scaled: number = rate * 2;\nscaled.toFixed(1);\n", c: "const wrong: string = rate;\n" });
  expect(codes.get("b")).toEqual([]);
  expect(shown(codes.get("c"))).toEqual([2322]);
});

test("a name declared in two cells stays an error, as the kernel refuses it", () => {
  const codes = diagnose({ a: "const total = 1;\n", b: "const total = 2;\n" });
  expect(shown(codes.get("a"))).toEqual([2451]);
  expect(shown(codes.get("b"))).toEqual([2451]);
});

test("the sandbox has no DOM, but ES2022 is all there", () => {
  const codes = diagnose({ a: 'document.title = "x";\n', b: "const last = [1, 2].at(-1);\nconst has = Object.hasOwn({}, 'x');\n" });
  expect(shown(codes.get("a"))).toEqual([2584]);
  expect(codes.get("b")).toEqual([]);
});
