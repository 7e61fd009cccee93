import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileArtifactStore, type FileArtifactStore } from "../artifacts/fs-store";
import { matrixFromRows } from "../train/matrix";
import { loadModel, saveModel } from "./artifact";
import { predictMatrix } from "./predict";
import { handLinear, handMlp } from "./testing";

let dir: string;
let store: FileArtifactStore;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "models-artifacts-"));
  store = createFileArtifactStore({ root: dir });
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe("models as artifacts", () => {
  it("save then load gives the same model and the same predictions, bit for bit", async () => {
    const model = handMlp();
    const saved = await saveModel(store, model);
    expect(saved.modelId).toBe(model.id);
    expect(await saveModel(store, model)).toEqual(saved);
    const loaded = await loadModel(store, saved.artifactId);
    const x = matrixFromRows([[0.3, -1.2], [2, 0.5]], ["a", "b"]);
    expect((await predictMatrix(loaded, x)).probabilities).toEqual((await predictMatrix(model, x)).probabilities);
  });

  it("keeps the FeatureSet blob and revives its transform when given a reviver", async () => {
    const saved = await saveModel(store, handLinear({ kind: "scaler", mean: 3 }));
    const plain = await loadModel(store, saved.artifactId);
    expect(plain.featureSet).toEqual({ json: { kind: "scaler", mean: 3 } });
    const seen: unknown[] = [];
    const revived = await loadModel(store, saved.artifactId, { reviveFeatureSet: (json) => { seen.push(json); return async (d) => d; } });
    expect(seen).toEqual([{ kind: "scaler", mean: 3 }]);
    expect(typeof revived.featureSet?.transform).toBe("function");
  });

  it("refuses a missing artifact, a malformed id and an artifact that is not a model", async () => {
    await expect(loadModel(store, "0".repeat(64))).rejects.toMatchObject({ code: "invalid_artifact", message: expect.stringContaining("no artifact") });
    await expect(loadModel(store, "../etc/passwd")).rejects.toThrow(/not an artifact id/);
    const { id } = await store.put(Buffer.from("hello"));
    await expect(loadModel(store, id)).rejects.toMatchObject({ code: "invalid_artifact" });
  });
});
