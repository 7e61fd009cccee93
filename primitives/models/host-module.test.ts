import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HandleTable } from "../../kernel/process/sandbox/handles";
import { createTestCallContext } from "../../kernel/process/testing";
import { createFileArtifactStore, type FileArtifactStore } from "../artifacts/fs-store";
import { openFixture, type DataFixture } from "../data/testing";
import { createModelsHostModule } from "./host-module";
import { exportOnnx } from "./onnx-export";
import { handLinear, handLogistic } from "./testing";

let fx: DataFixture;
let store: FileArtifactStore;
let dir: string;

beforeAll(async () => {
  fx = await openFixture();
  dir = await mkdtemp(path.join(tmpdir(), "models-host-"));
  store = createFileArtifactStore({ root: dir });
});
afterAll(async () => {
  await fx.close();
  await rm(dir, { recursive: true, force: true });
});

function setup(withStore = true) {
  const module = createModelsHostModule({ engine: async () => fx.engine, artifacts: () => (withStore ? store : null) });
  const handles = new HandleTable();
  const { ctx } = createTestCallContext({ handles });
  const call = (name: string, ...args: unknown[]) => Promise.resolve(module.functions[name]!(args, ctx));
  return { module, handles, call };
}

describe("the models host module", () => {
  it("predicts from rows and datasets as plain data", async () => {
    const { call, handles } = setup();
    const logistic = handles.add(handLogistic(), "Model");
    expect(await call("predict", logistic, [[3, 1], [0, 2]])).toMatchObject({
      task: "binary", rows: 2, labels: ["yes", "no"], classes: ["no", "yes"], probabilities: [[expect.any(Number), expect.any(Number)], [expect.any(Number), expect.any(Number)]],
    });
    const ds = await fx.engine.materialize("SELECT 1.0 AS a, 2.0 AS b UNION ALL SELECT 0.0, 0.0");
    const linear = handles.add(handLinear(), "Model");
    // y = 2a + 3b + 1
    expect(await call("predict", linear, handles.add(ds, "Dataset"))).toEqual({ task: "regression", rows: 2, values: [9, 1] });
    const big = await fx.engine.materialize("SELECT range::DOUBLE AS a, range::DOUBLE AS b FROM range(10001)");
    await expect(call("predict", linear, handles.add(big, "Dataset"))).rejects.toThrow(/^too_large: predictions for 10001 rows/);
    await expect(call("predict", handles.add(ds, "Dataset"), [[1, 2]])).rejects.toThrow(/expected a handle to a Model, got a Dataset/);
  });

  it("saves, loads, summarizes and exports to ONNX through the artifact store", async () => {
    const { call, handles } = setup();
    const model = handLinear();
    const handle = handles.add(model, "Model");
    const saved = await call("save", handle) as { artifactId: string; modelId: string };
    expect(saved.modelId).toBe(model.id);
    const loaded = await call("load", saved.artifactId);
    expect(await call("summary", loaded)).toEqual(model.toJSON());
    const exported = await call("exportOnnx", handle) as { artifactId: string; opset: number; input: string; output: string };
    expect(exported).toMatchObject({ opset: 13, input: "input", output: "prediction" });
    const chunks: Buffer[] = [];
    for await (const chunk of await store.get(exported.artifactId)) chunks.push(chunk as Buffer);
    const session = await ort.InferenceSession.create(Buffer.concat(chunks));
    const out = await session.run({ input: new ort.Tensor("float32", Float32Array.of(1, 1), [1, 2]) });
    await session.release();
    expect(Array.from(out.prediction!.data as Float32Array)).toEqual([6]);
  });

  it("imports ONNX from bytes or an artifact id, never from a path", async () => {
    const { call, handles } = setup();
    const bytes = exportOnnx(handLinear());
    const fromBytes = await call("importOnnx", bytes, { features: ["a", "b"], task: "regression" });
    expect(handles.get(fromBytes, "Model")).toMatchObject({ runtime: "onnx" });
    const { id } = await store.put(bytes);
    const fromArtifact = await call("importOnnx", id, { features: ["a", "b"], task: "regression" });
    expect(await call("predict", fromArtifact, [[1, 1]])).toEqual({ task: "regression", rows: 1, values: [6] });
    await expect(call("importOnnx", "/etc/passwd", { features: ["a"], task: "regression" })).rejects.toThrow(/not an artifact id/);
    await expect(call("importOnnx", bytes, { features: ["a", "b", "c"], task: "regression" })).rejects.toThrow(/^onnx_schema_mismatch: /);
  });

  it("says so when the kernel has no artifact store", async () => {
    const { call, handles } = setup(false);
    await expect(call("save", handles.add(handLinear(), "Model"))).rejects.toThrow(/^unsupported: this kernel has no artifact store/);
  });
});
