import * as ort from "onnxruntime-node";
import { beforeAll, describe, expect, it } from "vitest";
import { trainModel } from "../train/fit";
import type { ModelKind, NetworkModel } from "./model";
import { createNetworkModel } from "./model";
import { exportOnnx, ONNX_INPUT_NAME, ONNX_OPSET, onnxOutputName } from "./onnx-export";
import { predictNetwork } from "./forward";
import { createRandom } from "../train/random";

/** 96 rows of 3 features in [-2, 2], drawn from a fixed seed. */
const rng = createRandom(11);
const x = Array.from({ length: 96 }, () => [rng.next() * 4 - 2, rng.next() * 4 - 2, rng.next() * 4 - 2]);
const regression = x.map(([a, b, c]) => 0.7 * a! - 0.3 * b! + 0.1 * c! * c!);
const binary = x.map(([a, b]) => (a! + b! > 0 ? "yes" : "no"));
const three = x.map(([a, b]) => (a! > 0.5 ? "high" : b! > 0 ? "mid" : "low"));

const cases: Array<{ kind: ModelKind; y: Array<number | string>; options: Record<string, unknown> }> = [
  { kind: "linearRegression", y: regression, options: {} },
  { kind: "logisticRegression", y: binary, options: {} },
  { kind: "softmaxClassifier", y: three, options: {} },
  { kind: "mlpClassifier", y: three, options: { hidden: [8, 6], activation: "relu" } },
  { kind: "mlpClassifier", y: binary, options: { hidden: [5], activation: "tanh" } },
  { kind: "mlpRegressor", y: regression, options: { hidden: [7], activation: "sigmoid" } },
];

const flat = Float32Array.from(x.flat());
const matrix = { rows: x.length, cols: 3, values: flat, columns: ["x0", "x1", "x2"] };

async function runOnnx(model: NetworkModel): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(exportOnnx(model));
  try {
    const out = await session.run({ [ONNX_INPUT_NAME]: new ort.Tensor("float32", flat, [x.length, 3]) });
    const tensor = out[onnxOutputName(model)]!;
    return { data: tensor.data as Float32Array, dims: tensor.dims };
  } finally {
    await session.release();
  }
}

describe("ONNX export", () => {
  const models: NetworkModel[] = [];
  beforeAll(async () => {
    for (const c of cases) {
      models.push((await trainModel({ kind: c.kind, data: { x, y: c.y }, options: { epochs: 15, batchSize: 16, learningRate: 0.05, seed: 3, ...c.options } })).model);
    }
  });

  it.each(cases.map((c, i) => [`${c.kind} ${JSON.stringify(c.options)}`, i] as const))("%s: onnxruntime agrees with tfjs within 1e-5", async (_, i) => {
    const model = models[i]!;
    const tfjs = await predictNetwork(model.network, matrix);
    const onnx = await runOnnx(model);
    expect(onnx.dims).toEqual([x.length, model.network.layers.at(-1)!.units]);
    expect(onnx.data.length).toBe(tfjs.length);
    let worst = 0;
    for (let j = 0; j < tfjs.length; j++) worst = Math.max(worst, Math.abs(tfjs[j]! - onnx.data[j]!));
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it("writes opset 13, the input/output names and the metadata onnxruntime reports", async () => {
    const model = models[2]!;
    const session = await ort.InferenceSession.create(exportOnnx(model));
    try {
      expect(session.inputNames).toEqual(["input"]);
      expect(session.outputNames).toEqual(["probabilities"]);
      const meta = session.inputMetadata[0]!;
      expect(meta.isTensor && meta.shape).toEqual(["N", 3]);
    } finally {
      await session.release();
    }
    expect(ONNX_OPSET).toBe(13);
  });

  it("a hand-set network gives hand-computed outputs on onnxruntime", async () => {
    // y = relu([x0, x1] . [[1, -1], [2, 0.5]] + [0, 1]) . [[1], [-2]] + 0.5
    const model = createNetworkModel({
      kind: "mlpRegressor", task: "regression", features: ["a", "b"], target: "y", classes: null, featureSet: null, training: null,
      network: { layers: [
        { inputs: 2, units: 2, activation: "relu", kernel: Float32Array.of(1, -1, 2, 0.5), bias: Float32Array.of(0, 1) },
        { inputs: 2, units: 1, activation: "linear", kernel: Float32Array.of(1, -2), bias: Float32Array.of(0.5) },
      ] },
    });
    const session = await ort.InferenceSession.create(exportOnnx(model));
    const out = await session.run({ input: new ort.Tensor("float32", Float32Array.of(1, 1, -1, 2), [2, 2]) });
    await session.release();
    // hidden unit 0 = a + 2b, unit 1 = -a + 0.5b + 1
    // row (1, 1): relu(3, 0.5) -> 3 - 1 + 0.5 = 2.5; row (-1, 2): relu(3, 3) -> 3 - 6 + 0.5 = -2.5
    expect(Array.from(out.prediction!.data as Float32Array)).toEqual([2.5, -2.5]);
  });
});
