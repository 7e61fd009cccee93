import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createNotebookFiles, parseFileName } from "./notebook-files";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function store(maxBytes = 1000) {
  const root = mkdtempSync(path.join(os.tmpdir(), "tracebook-files-"));
  roots.push(root);
  return { files: createNotebookFiles({ root, maxBytes }), root };
}

/** Everything under the store, temp folder included: what an interrupted upload must not leave. */
function leftovers(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

describe("notebook files", () => {
  it("stores, lists, resolves and removes a notebook's files, apart from other notebooks'", async () => {
    const { files } = store();
    const [a, b] = [randomUUID(), randomUUID()];
    const saved = await files.save(a, "sales.csv", Buffer.from("id,amount\n1,2\n"));
    expect(saved).toMatchObject({ name: "sales.csv", bytes: 14 });
    await files.save(a, "notes é.txt", Readable.from([Buffer.from("x")]));
    expect((await files.list(a)).map((f) => [f.name, f.bytes])).toEqual([["notes é.txt", 1], ["sales.csv", 14]]);
    expect(await files.list(b)).toEqual([]);
    const resolved = await files.resolve(a, "sales.csv");
    expect(readFileSync(resolved.path, "utf8")).toBe("id,amount\n1,2\n");
    await expect(files.resolve(b, "sales.csv")).rejects.toMatchObject({ code: "not_found", message: expect.stringMatching(/no file is uploaded/) });
    await files.remove(a, "notes é.txt");
    await expect(files.resolve(a, "notes é.txt")).rejects.toMatchObject({ code: "not_found", message: expect.stringMatching(/uploaded files: sales\.csv/) });
    await expect(files.remove(a, "notes é.txt")).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses names that are not one plain path segment", () => {
    for (const bad of ["", "../x.csv", "a/b.csv", "a\\b", ".hidden", "..", " x", "x\u0000y", "é".repeat(200)]) {
      expect(() => parseFileName(bad), bad).toThrow(expect.objectContaining({ code: "invalid_body" }));
    }
    expect(parseFileName("Q1 sales (final).csv")).toBe("Q1 sales (final).csv");
  });

  it("refuses a file over the limit and keeps nothing of it", async () => {
    const { files, root } = store(10);
    const nb = randomUUID();
    await expect(files.save(nb, "big.csv", Readable.from([Buffer.alloc(6), Buffer.alloc(6)]))).rejects.toMatchObject({
      code: "payload_too_large",
      message: "big.csv is larger than the upload limit of 10 bytes (TRACEBOOK_UPLOAD_MAX_BYTES)",
    });
    expect(leftovers(root)).toEqual([]);
  });

  it("keeps nothing of a source that fails half-way", async () => {
    const { files, root } = store();
    async function* broken() {
      yield Buffer.from("id,amount\n");
      throw new Error("connection reset");
    }
    await expect(files.save(randomUUID(), "cut.csv", broken())).rejects.toThrow("connection reset");
    expect(leftovers(root)).toEqual([]);
  });

  it("does not overwrite a file unless asked to", async () => {
    const { files } = store();
    const nb = randomUUID();
    await files.save(nb, "a.csv", Buffer.from("one"));
    await expect(files.save(nb, "a.csv", Buffer.from("two"))).rejects.toMatchObject({ code: "conflict" });
    expect(readFileSync((await files.resolve(nb, "a.csv")).path, "utf8")).toBe("one");
    await files.save(nb, "a.csv", Buffer.from("three"), { replace: true });
    expect(readFileSync((await files.resolve(nb, "a.csv")).path, "utf8")).toBe("three");
  });

  it("refuses a notebook id that is not a uuid before touching a path", async () => {
    const { files } = store();
    await expect(files.list("../../etc")).rejects.toMatchObject({ code: "invalid_id" });
  });
});
