import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Folders and files whose content decides whether the Next build is current. */
const INPUTS = ["app", "protocol", "primitives", "auth", "runtime", "notebooks", "db", "collab", "public", "next.config.ts", "tsconfig.json", "package-lock.json"];
const SKIP = new Set(["node_modules", ".next", ".tracebook", "migrations"]);

async function collect(root: string, rel: string, out: string[]): Promise<void> {
  const full = path.join(root, rel);
  let entries;
  try {
    entries = await readdir(full, { withFileTypes: true });
  } catch {
    out.push(rel); // a plain file (or a missing one, which hashes as empty)
    return;
  }
  for (const entry of entries) {
    if (SKIP.has(entry.name)) continue;
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) await collect(root, child, out);
    else if (!/\.test\.tsx?$/.test(entry.name)) out.push(child);
  }
}

/** A hash of every build input: same sources, same hash. */
export async function hashBuildInputs(root: string): Promise<string> {
  const files: string[] = [];
  for (const input of INPUTS) await collect(root, input, files);
  files.sort();
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(file);
    hash.update(await readFile(path.join(root, file)).catch(() => Buffer.alloc(0)));
  }
  return hash.digest("hex");
}

export const BUILD_STAMP = path.join(".next", "tracebook-build-hash");
