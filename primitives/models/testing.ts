/**
 * Small hand-built models for the models tests (no training needed).
 */
import { createNetworkModel, type NetworkModel } from "./model";

/**
 * p(yes) = sigmoid(a - b): "yes" when a > b.
 * @example
 * const model = handLogistic();
 */
export function handLogistic(): NetworkModel {
  return createNetworkModel({
    kind: "logisticRegression", task: "binary", features: ["a", "b"], target: "label", classes: ["no", "yes"], featureSet: null, training: null,
    network: { layers: [{ inputs: 2, units: 1, activation: "sigmoid", kernel: Float32Array.of(1, -1), bias: Float32Array.of(0) }] },
  });
}

/**
 * y = 2a + 3b + 1 (regression), with a FeatureSet blob.
 * @example
 * const model = handLinear({ scaler: "standard" });
 */
export function handLinear(featureSet: unknown = { scaler: { a: [0, 1] } }): NetworkModel {
  return createNetworkModel({
    kind: "linearRegression", task: "regression", features: ["a", "b"], target: "y", classes: null,
    featureSet: { json: featureSet as never }, training: null,
    network: { layers: [{ inputs: 2, units: 1, activation: "linear", kernel: Float32Array.of(2, 3), bias: Float32Array.of(1) }] },
  });
}

/**
 * A 2-4-3 tanh/softmax classifier with fixed irregular weights.
 * @example
 * const model = handMlp();
 */
export function handMlp(): NetworkModel {
  return createNetworkModel({
    kind: "mlpClassifier", task: "multiclass", features: ["a", "b"], target: "label", classes: ["r", "g", "b"], featureSet: null,
    training: { backend: "wasm", device: "cpu", seed: 1, options: { hidden: [4] }, epochs: 3, bestEpoch: 2, status: "completed", metrics: { loss: 0.5 }, rows: 10, runId: null },
    network: { layers: [
      { inputs: 2, units: 4, activation: "tanh", kernel: Float32Array.of(0.1, -0.7, 1.3, 0.25, -0.4, 0.9, 0.05, -1.1), bias: Float32Array.of(0.01, -0.02, 0.3, 0) },
      { inputs: 4, units: 3, activation: "softmax", kernel: Float32Array.of(1, -1, 0.5, 0.2, 0.3, -0.6, -0.8, 0.9, 0.1, 0.4, -0.2, 0.7), bias: Float32Array.of(0, 0.1, -0.1) },
    ] },
  });
}
