"use client";

import { loader } from "@monaco-editor/react";
import type * as Monaco from "monaco-editor";
import type { MonacoBinding } from "y-monaco";

export type MonacoApi = typeof Monaco;

export interface EditorKit {
  monaco: MonacoApi;
  MonacoBinding: typeof MonacoBinding;
}

/**
 * Language-service diagnostics that do not fit notebook cells: cells are
 * re-runnable scripts sharing one scope, so redeclaring a name in another
 * cell is normal, and top-level await is how cells wait.
 */
const IGNORED_DIAGNOSTICS = [
  1375, // 'await' expressions are only allowed at the top level of a file when that file is a module
  1378, // top-level 'await' needs module esnext and target es2017
  2451, // cannot redeclare block-scoped variable
];

/**
 * Web workers from the bundle: Turbopack turns each `new Worker(new URL(…))`
 * into a worker entry served from /_next/static. Its bootstrap loads chunks
 * with importScripts, so these are classic workers (no `type: "module"`).
 */
function installWorkers(): void {
  self.MonacoEnvironment = {
    getWorker(_workerId: string, label: string): Worker {
      if (label === "typescript" || label === "javascript") {
        return new Worker(new URL("monaco-editor/esm/vs/language/typescript/ts.worker.js", import.meta.url), { name: label });
      }
      return new Worker(new URL("monaco-editor/esm/vs/editor/editor.worker.js", import.meta.url), { name: label });
    },
  };
}

/**
 * Cells run in the kernel's sandbox, not in a page: no DOM, but a console.
 * The kernel's own declarations (primitives) are added here once they exist.
 */
const NOTEBOOK_GLOBALS = `declare const console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  table(data: unknown): void;
};`;

function configureTypeScript(monaco: MonacoApi): void {
  const ts = monaco.languages.typescript;
  ts.typescriptDefaults.setCompilerOptions({
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    strict: true,
    allowNonTsExtensions: true,
    noEmit: true,
    lib: ["es2023"],
  });
  ts.typescriptDefaults.setDiagnosticsOptions({ diagnosticCodesToIgnore: IGNORED_DIAGNOSTICS });
  ts.typescriptDefaults.addExtraLib(NOTEBOOK_GLOBALS, "file:///notebook/globals.d.ts");
  // Every cell's model is known to the language service, so cells see each other's declarations.
  ts.typescriptDefaults.setEagerModelSync(true);
}

/**
 * Monaco cancels pending language-service requests when an editor or model
 * goes away (a cell deleted, its kind changed) and some of those promises
 * (the word highlighter's, in 0.52) reject with nobody listening. Monaco
 * treats its CancellationError as expected everywhere else; so does this page.
 */
function ignoreMonacoCancellations(): void {
  window.addEventListener("unhandledrejection", (event) => {
    const reason: unknown = event.reason;
    if (reason instanceof Error && reason.name === "Canceled" && reason.message === "Canceled") event.preventDefault();
  });
}

let loading: Promise<EditorKit> | null = null;

/**
 * Loads Monaco and y-monaco from the application bundle, once per page, and
 * points @monaco-editor/react at that copy instead of its default CDN.
 *
 * @example
 * const { monaco, MonacoBinding } = await loadEditorKit();
 */
export function loadEditorKit(): Promise<EditorKit> {
  loading ??= (async () => {
    installWorkers();
    ignoreMonacoCancellations();
    const [monaco, yMonaco] = await Promise.all([import("monaco-editor"), import("y-monaco")]);
    loader.config({ monaco });
    configureTypeScript(monaco);
    return { monaco, MonacoBinding: yMonaco.MonacoBinding };
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
