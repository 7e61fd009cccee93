import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createFileArtifactStore, type FileArtifactStore } from "../artifacts/fs-store";
import { openFixture, type DataFixture } from "../data/testing";
import { fitFeatureSet } from "./fit";
import { loadFeatureSet, saveFeatureSet } from "./storage";
import { transformRecord } from "./transform";

let fx: DataFixture;
let root: string;
let artifacts: FileArtifactStore;

beforeAll(async () => {
  fx = await openFixture();
  root = await mkdtemp(path.join(os.tmpdir(), "features-artifacts-"));
  artifacts = createFileArtifactStore({ root });
});
afterAll(async () => {
  await fx.close();
  await rm(root, { recursive: true, force: true });
});

it("stores a fitted set under its version and loads the same set back", async () => {
  const train = await fx.engine.materialize("SELECT * FROM (VALUES (1.5, 'a'), (2.5, 'b'), (4.0, 'a')) AS t(x, c)");
  const fs = await fitFeatureSet(fx.engine, {
    name: "stored",
    transforms: [{ type: "standardize", name: "x_z", input: "x" }, { type: "oneHot", name: "c", input: "c" }],
  }, train);
  const version = await saveFeatureSet(artifacts, fs);
  expect(version).toBe(fs.version);
  expect(version).toBe(createHash("sha256").update(fs.canonicalJson).digest("hex"));
  expect(await saveFeatureSet(artifacts, fs)).toBe(version);

  const loaded = await loadFeatureSet(artifacts, version);
  expect(loaded.version).toBe(version);
  expect(loaded.toJSON()).toEqual(fs.toJSON());
  const record = { x: 3.3, c: "b" };
  expect(transformRecord(loaded, record)).toEqual(transformRecord(fs, record));
});

it("answers not_found for an unknown or malformed version and corrupt_artifact for foreign content", async () => {
  await expect(loadFeatureSet(artifacts, "0".repeat(64))).rejects.toMatchObject({ code: "not_found" });
  await expect(loadFeatureSet(artifacts, "../etc/passwd")).rejects.toMatchObject({ code: "not_found" });
  const notJson = await artifacts.put(new TextEncoder().encode("not json"));
  await expect(loadFeatureSet(artifacts, notJson.id)).rejects.toMatchObject({ code: "corrupt_artifact" });
  const otherJson = await artifacts.put(new TextEncoder().encode(JSON.stringify({ format: "something else" })));
  await expect(loadFeatureSet(artifacts, otherJson.id)).rejects.toMatchObject({ code: "corrupt_artifact" });
});
