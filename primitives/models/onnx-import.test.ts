import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileArtifactStore } from "../artifacts/fs-store";
import { matrixFromRows } from "../train/matrix";
import { loadModel, saveModel } from "./artifact";
import { exportOnnx } from "./onnx-export";
import { importOnnx, importOnnxFile } from "./onnx-import";
import { modelProtoType, ONNX_FLOAT } from "./onnx-proto";
import { predictMatrix } from "./predict";
import { handLinear, handLogistic, handMlp } from "./testing";

type Dim = number | string;

/** A raw ONNX model: `op` over the inputs (Identity for one input, Add for two). */
function rawOnnx(inputs: Array<{ name: string; dims: Dim[]; type?: number }>, output: { name: string; dims: Dim[]; type?: number }): Uint8Array {
  const shape = (dims: Dim[]) => ({ dim: dims.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d })) });
  const info = (name: string, dims: Dim[], type = ONNX_FLOAT) => ({ name, type: { tensor_type: { elem_type: type, shape: shape(dims) } } });
  const op = inputs.length === 1 ? "Identity" : "Add";
  const proto = {
    ir_version: 7, opset_import: [{ domain: "", version: 13 }],
    graph: {
      name: "raw", node: [{ op_type: op, input: inputs.map((i) => i.name), output: [output.name] }],
      input: inputs.map((i) => info(i.name, i.dims, i.type)), output: [info(output.name, output.dims, output.type)],
    },
  };
  const type = modelProtoType();
  return type.encode(type.fromObject(proto)).finish();
}

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), "onnx-import-")); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const x = matrixFromRows([[0.5, -1], [2, 0.25], [-0.75, 1.5]], ["a", "b"]);

describe("ONNX import", () => {
  it("an exported classifier imports with its schema and predicts as tfjs does (within 1e-5)", async () => {
    const original = handMlp();
    const imported = await importOnnx(exportOnnx(original), { features: ["a", "b"], task: "multiclass", classes: ["r", "g", "b"], output: "probabilities" });
    expect(imported.toJSON()).toMatchObject({ kind: "onnx", runtime: "onnx", features: ["a", "b"], onnx: { input: "input", output: "probabilities" } });
    const [fromTfjs, fromOnnx] = [await predictMatrix(original, x), await predictMatrix(imported, x)];
    expect(fromOnnx.labels).toEqual(fromTfjs.labels);
    fromTfjs.probabilities!.forEach((p, i) => expect(Math.abs(p - fromOnnx.probabilities![i]!)).toBeLessThanOrEqual(1e-5));
  });

  it("binary [N, 1] outputs become two-class probabilities; regression values pass through", async () => {
    const binary = await importOnnx(exportOnnx(handLogistic()), { features: ["a", "b"], task: "binary", classes: ["no", "yes"] });
    const p = await predictMatrix(binary, x);
    expect(p.labels).toEqual(["yes", "yes", "no"]);
    expect(p.probabilities![1]).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 6);
    const regression = await importOnnxFile(await writeTemp("linear.onnx", exportOnnx(handLinear())), { features: ["a", "b"], task: "regression" });
    // y = 2a + 3b + 1
    expect(Array.from((await predictMatrix(regression, x)).values!)).toEqual([-1, 5.75, 4]);
  });

  it("an imported model saves and loads as an artifact", async () => {
    const store = createFileArtifactStore({ root: path.join(dir, "store") });
    const imported = await importOnnx(exportOnnx(handLinear()), { features: ["a", "b"], task: "regression", target: "y" });
    const loaded = await loadModel(store, (await saveModel(store, imported)).artifactId);
    expect(loaded.toJSON()).toEqual(imported.toJSON());
    expect((await predictMatrix(loaded, x)).values).toEqual((await predictMatrix(imported, x)).values);
  });

  it("names each mismatch between the model and the declared schema", async () => {
    const mismatch = (bytes: Uint8Array, schema: unknown, message: RegExp) =>
      expect(importOnnx(bytes, schema)).rejects.toMatchObject({ code: "onnx_schema_mismatch", message: expect.stringMatching(message) });
    const linear = exportOnnx(handLinear());
    await mismatch(linear, { features: ["a", "b", "c"], task: "regression" }, /input input takes 2 features per row, the schema declares 3/);
    await mismatch(linear, { input: "x", features: ["a", "b"], task: "regression" }, /no input named "x"; its inputs are input \(float32 \[N, 2\]\)/);
    await mismatch(linear, { features: ["a", "b"], task: "regression", output: "y" }, /no output named "y"/);
    await mismatch(exportOnnx(handMlp()), { features: ["a", "b"], task: "multiclass", classes: ["r", "g"] }, /gives 3 values per row; a multiclass model with 2 classes needs 2/);
    await mismatch(linear, { features: ["a", "b"], task: "binary" }, /needs schema.classes/);
    const two = rawOnnx([{ name: "p", dims: ["N", 2] }, { name: "q", dims: ["N", 2] }], { name: "s", dims: ["N", 2] });
    await mismatch(two, { features: ["a", "b"], task: "regression" }, /has 2 inputs \(p \(float32 \[N, 2\]\), q/);
    const fixed = rawOnnx([{ name: "p", dims: [4, 2] }], { name: "s", dims: [4, 2] });
    await mismatch(fixed, { features: ["a", "b"], task: "regression" }, /fixed batch of 4 rows/);
    const ints = rawOnnx([{ name: "p", dims: ["N", 2], type: 7 }], { name: "s", dims: ["N", 2], type: 7 });
    await mismatch(ints, { features: ["a", "b"], task: "regression" }, /input p is int64; features are fed as float32/);
    const rank3 = rawOnnx([{ name: "p", dims: ["N", 2, 1] }], { name: "s", dims: ["N", 2, 1] });
    await mismatch(rank3, { features: ["a", "b"], task: "regression" }, /shape \[N, 2, 1\]; a feature table is \[rows, features\]/);
  });

  it("refuses bytes onnxruntime cannot load, and a bad schema", async () => {
    await expect(importOnnx(Buffer.from("definitely not onnx"), { features: ["a"], task: "regression" })).rejects.toMatchObject({ code: "onnx_invalid" });
    await expect(importOnnx(exportOnnx(handLinear()), { features: [], task: "regression" })).rejects.toMatchObject({ code: "invalid_argument", message: expect.stringContaining("features") });
    await expect(importOnnxFile(path.join(dir, "absent.onnx"), { features: ["a"], task: "regression" })).rejects.toMatchObject({ code: "onnx_invalid", message: expect.stringContaining("no ONNX file") });
  });
});

async function writeTemp(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}
