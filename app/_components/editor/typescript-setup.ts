import type * as Monaco from "monaco-editor";
import type { TypeLibrary } from "@/primitives/types/index";

type MonacoApi = typeof Monaco;

/**
 * Diagnostics that do not apply to cells. Cells are scripts sharing one
 * global scope (so they see each other's declarations), run as async
 * bodies: top-level await and `for await` are how they wait, and a
 * top-level return ends a cell early. Redeclaring a name in two cells
 * (2451, 2300) stays an error: the kernel refuses it too.
 */
export const IGNORED_DIAGNOSTICS = [
  1375, // 'await' expressions are only allowed at the top level of a file when that file is a module
  1378, // top-level 'await' needs module es2022/esnext and target es2017
  1431, // 'for await' loops are only allowed at the top level of a file when that file is a module
  1432, // top-level 'for await' needs module es2022/esnext and target es2017
  1108, // a 'return' statement can only be used within a function body
];

/**
 * The compiler options of cells, as plain values (TypeScript's numbering):
 * Monaco's ScriptTarget enum stops at ES2020 though its TypeScript (5.4)
 * knows ES2022. ES2022 library only: the sandbox has no DOM.
 */
export const CELL_COMPILER_OPTIONS = {
  target: 9, // ES2022
  module: 99, // ESNext
  lib: ["es2022"],
  strict: true,
  noEmit: true,
  allowNonTsExtensions: true,
};

/** Where the kernel's declarations live in the language service's file system. */
const TYPES_ROOT = "file:///types/";

/**
 * Used only when the server's declarations cannot be fetched, so that the
 * sandbox's console still type-checks.
 */
const FALLBACK_GLOBALS = `declare const console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  table(data: unknown): void;
};`;

/**
 * The language service as the kernel sees cells: ES2022, no DOM, strict.
 * Every cell's model (`file:///cells/<id>.ts`) is part of one program, so
 * completion and type errors work across cells before anything runs.
 */
export function configureCellTypeScript(monaco: MonacoApi): void {
  const ts = monaco.languages.typescript;
  ts.typescriptDefaults.setCompilerOptions({
    ...CELL_COMPILER_OPTIONS,
    target: CELL_COMPILER_OPTIONS.target as Monaco.languages.typescript.ScriptTarget,
    module: CELL_COMPILER_OPTIONS.module as Monaco.languages.typescript.ModuleKind,
  });
  ts.typescriptDefaults.setDiagnosticsOptions({
    noSemanticValidation: false,
    noSyntaxValidation: false,
    diagnosticCodesToIgnore: IGNORED_DIAGNOSTICS,
  });
  // Models of cells whose editor is not focused are known to the language service too.
  ts.typescriptDefaults.setEagerModelSync(true);
}

/**
 * The kernel's declarations (`GET /api/kernel/types`) as extra libraries,
 * or the fallback when they could not be fetched.
 */
export function installTypeLibraries(monaco: MonacoApi, libs: TypeLibrary[] | null): void {
  const extra = libs
    ? libs.map((lib) => ({ content: lib.content, filePath: TYPES_ROOT + lib.path.replace(/^\/+/, "") }))
    : [{ content: FALLBACK_GLOBALS, filePath: `${TYPES_ROOT}fallback.d.ts` }];
  monaco.languages.typescript.typescriptDefaults.setExtraLibs(extra);
}

/**
 * The URI of a cell's model. Code cells share one program through it;
 * markdown cells keep their own extension, outside the program.
 *
 * @example
 * cellModelPath("9b1…", "code") // "file:///cells/9b1….ts"
 */
export function cellModelPath(cellId: string, kind: "code" | "markdown"): string {
  return `file:///cells/${cellId}.${kind === "markdown" ? "md" : "ts"}`;
}
