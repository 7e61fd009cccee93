import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { readTypeLibraries, TYPES_DIR } from "./index";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test("reads every declaration file of the folder, sorted, and nothing else", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "types-"));
  dirs.push(dir);
  await writeFile(path.join(dir, "zeta.d.ts"), "declare const zeta: number;");
  await writeFile(path.join(dir, "alpha.d.ts"), "declare function alpha(): void;");
  await writeFile(path.join(dir, "index.ts"), "export {};");
  await writeFile(path.join(dir, "notes.md"), "# notes");
  await mkdir(path.join(dir, "folder.d.ts"));
  expect(await readTypeLibraries(dir)).toEqual([
    { path: "alpha.d.ts", content: "declare function alpha(): void;" },
    { path: "zeta.d.ts", content: "declare const zeta: number;" },
  ]);
});

test("by default reads the folder this module lives in", async () => {
  expect(TYPES_DIR.endsWith(path.join("primitives", "types"))).toBe(true);
  const libs = await readTypeLibraries();
  for (const lib of libs) expect(lib.path.endsWith(".d.ts")).toBe(true);
});
