import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileArtifactStore, type FileArtifactStore } from "./fs-store";
import { ArtifactNotFoundError, ArtifactTooLargeError, InvalidArtifactIdError } from "./store";

const sha = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

async function* chunks(count: number, size: number, failAt?: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < count; i++) {
    if (i === failAt) throw new Error("upload interrupted");
    yield new Uint8Array(size).fill(i % 251);
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe("file artifact store", () => {
  let root: string;
  let store: FileArtifactStore;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "artifacts-"));
    store = createFileArtifactStore({ root });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("names content by its sha256 and gives identical content the identical id", async () => {
    const a = await store.put(new TextEncoder().encode("hello"));
    expect(a).toEqual({ id: sha("hello"), size: 5 });
    const b = await store.put(Readable.from(["hel", "lo"]));
    expect(b.id).toBe(a.id);
    const c = await store.put(new TextEncoder().encode("hello!"));
    expect(c.id).not.toBe(a.id);
    expect(await filesUnder(root)).toEqual(expect.arrayContaining([path.join("sha256", a.id.slice(0, 2), a.id)]));
    expect((await filesUnder(root)).filter((f) => f.startsWith("sha256"))).toHaveLength(2);
    expect(await text(await store.get(a.id))).toBe("hello");
  });

  it("streams a many-chunk source and reads it back byte for byte", async () => {
    const expected = createHash("sha256");
    for await (const chunk of chunks(64, 65_536)) expected.update(chunk);
    const info = await store.put(chunks(64, 65_536));
    expect(info).toEqual({ id: expected.digest("hex"), size: 64 * 65_536 });
    const back = createHash("sha256");
    for await (const chunk of await store.get(info.id)) back.update(chunk as Buffer);
    expect(back.digest("hex")).toBe(info.id);
    // Stored read-only: an artifact never changes in place.
    const mode = (await stat(path.join(root, "sha256", info.id.slice(0, 2), info.id))).mode & 0o777;
    expect(mode).toBe(0o444);
  });

  it("writes to disk as the source produces, never holding the whole content", async () => {
    const chunkSize = 65_536;
    const count = 160;
    let lag = 0;
    async function* watched(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < count; i++) {
        const [part] = await readdir(path.join(root, "tmp"));
        const onDisk = part ? (await stat(path.join(root, "tmp", part))).size : 0;
        lag = Math.max(lag, i * chunkSize - onDisk);
        yield new Uint8Array(chunkSize).fill(i % 251);
      }
    }
    const info = await store.put(watched());
    expect(info.size).toBe(count * chunkSize);
    // Only the streams' small buffers sit between the source and the file, not the content.
    expect(lag).toBeLessThan(40 * chunkSize);
  });

  it("leaves nothing behind when the source fails half-way or runs past the size limit", async () => {
    await expect(store.put(chunks(10, 1024, 5))).rejects.toThrow(/upload interrupted/);
    await expect(store.put(chunks(10, 1024), { maxBytes: 4096 })).rejects.toBeInstanceOf(ArtifactTooLargeError);
    expect(await filesUnder(root)).toEqual([]);
    // Exactly at the limit is fine.
    expect((await store.put(chunks(4, 1024), { maxBytes: 4096 })).size).toBe(4096);
  });

  it("answers has/stat/get for present, absent and malformed ids", async () => {
    const { id } = await store.put(new Uint8Array([1, 2, 3]));
    expect(await store.has(id)).toBe(true);
    expect(await store.stat(id)).toEqual({ id, size: 3 });
    const absent = sha("absent");
    expect(await store.has(absent)).toBe(false);
    expect(await store.stat(absent)).toBeNull();
    await expect(store.get(absent)).rejects.toBeInstanceOf(ArtifactNotFoundError);
    for (const bad of ["../../etc/passwd", id.toUpperCase(), id.slice(1), ""]) {
      await expect(store.has(bad)).rejects.toBeInstanceOf(InvalidArtifactIdError);
      await expect(store.get(bad)).rejects.toBeInstanceOf(InvalidArtifactIdError);
    }
  });

  it("takes concurrent puts of the same content", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => store.put(chunks(8, 4096))));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect((await filesUnder(root)).filter((f) => f.startsWith("sha256"))).toHaveLength(1);
    expect(await filesUnder(path.join(root, "tmp"))).toEqual([]);
  });

  it("sweeps only old temp files", async () => {
    await store.put(new Uint8Array([1]));
    const old = path.join(root, "tmp", "old.part");
    const fresh = path.join(root, "tmp", "fresh.part");
    await writeFile(old, "x");
    await writeFile(fresh, "y");
    const longAgo = new Date(Date.UTC(2020, 0, 1));
    await utimes(old, longAgo, longAgo);
    expect(await store.sweepTemp(60 * 60 * 1000)).toBe(1);
    expect(await readdir(path.join(root, "tmp"))).toEqual(["fresh.part"]);
  });
});
