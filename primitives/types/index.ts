import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** One declaration file the notebook editor's language service loads. */
export interface TypeLibrary {
  /** The file's name in this folder: "tracebook.d.ts". */
  path: string;
  content: string;
}

/** This folder: the `.d.ts` files next to this module describe what cells can use. */
export const TYPES_DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * Every `.d.ts` file in `dir` (this folder by default), sorted by name, for
 * the editor's IntelliSense (`GET /api/kernel/types`).
 *
 * @example
 * const libs = await readTypeLibraries(); // [{ path: "tracebook.d.ts", content: "declare const display…" }]
 */
export async function readTypeLibraries(dir: string = TYPES_DIR): Promise<TypeLibrary[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isFile() && entry.name.endsWith(".d.ts")).map((entry) => entry.name);
  names.sort();
  return Promise.all(names.map(async (name) => ({ path: name, content: await readFile(path.join(dir, name), "utf8") })));
}
