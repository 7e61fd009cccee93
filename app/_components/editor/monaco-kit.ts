"use client";

import { loader } from "@monaco-editor/react";
import type * as Monaco from "monaco-editor";
import type { MonacoBinding } from "y-monaco";
import { fetchTypeLibraries } from "./kernel-api";
import { configureCellTypeScript, installTypeLibraries } from "./typescript-setup";

export type MonacoApi = typeof Monaco;

export interface EditorKit {
  monaco: MonacoApi;
  MonacoBinding: typeof MonacoBinding;
}

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
 * points @monaco-editor/react at that copy instead of its default CDN. The
 * kernel's type declarations are fetched meanwhile; without them the editor
 * still works (see installTypeLibraries).
 *
 * @example
 * const { monaco, MonacoBinding } = await loadEditorKit();
 */
export function loadEditorKit(): Promise<EditorKit> {
  loading ??= (async () => {
    installWorkers();
    ignoreMonacoCancellations();
    const [monaco, yMonaco, libs] = await Promise.all([
      import("monaco-editor"),
      import("y-monaco"),
      fetchTypeLibraries().catch((error: unknown) => {
        console.warn("[editor] the kernel's type declarations could not be loaded:", error);
        return null;
      }),
    ]);
    loader.config({ monaco });
    configureCellTypeScript(monaco);
    installTypeLibraries(monaco, libs);
    return { monaco, MonacoBinding: yMonaco.MonacoBinding };
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
