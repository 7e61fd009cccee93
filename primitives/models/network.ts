/**
 * A feed-forward network as plain data: dense layers, each a row-major
 * kernel (inputs x units), a bias and an activation. This is what training
 * produces, what artifacts store byte for byte and what the ONNX export
 * writes; tfjs tensors exist only while training or predicting.
 */
import type { Random } from "../train/random";

export type HiddenActivation = "relu" | "tanh" | "sigmoid";
export type OutputActivation = "linear" | "sigmoid" | "softmax";
export type Activation = HiddenActivation | OutputActivation;

export const HIDDEN_ACTIVATIONS: readonly HiddenActivation[] = ["relu", "tanh", "sigmoid"];
export const ACTIVATIONS: readonly Activation[] = ["linear", "relu", "tanh", "sigmoid", "softmax"];

export interface DenseLayer {
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
  /** inputs x units, row-major: kernel[i * units + j] links input i to unit j. */
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

export interface Network {
  readonly layers: readonly DenseLayer[];
}

/** The shape of a network before it has weights. */
export interface NetworkShape {
  inputs: number;
  hidden: readonly number[];
  hiddenActivation: HiddenActivation;
  outputs: number;
  outputActivation: OutputActivation;
}

/**
 * A network with Glorot-uniform kernels (Keras's default) drawn from `random`
 * and zero biases, so a seed fixes the starting point on every backend.
 * @example
 * const net = initNetwork({ inputs: 4, hidden: [8], hiddenActivation: "relu", outputs: 3, outputActivation: "softmax" }, createRandom(1));
 */
export function initNetwork(shape: NetworkShape, random: Random): Network {
  const sizes = [shape.inputs, ...shape.hidden, shape.outputs];
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l]!;
    const units = sizes[l + 1]!;
    const limit = Math.sqrt(6 / (inputs + units));
    const kernel = new Float32Array(inputs * units);
    for (let i = 0; i < kernel.length; i++) kernel[i] = (random.next() * 2 - 1) * limit;
    const last = l + 2 === sizes.length;
    layers.push({ inputs, units, activation: last ? shape.outputActivation : shape.hiddenActivation, kernel, bias: new Float32Array(units) });
  }
  return { layers };
}

/**
 * Checks that layers chain (each layer's inputs = the previous layer's units)
 * and that every array has its declared size; returns the problem or null.
 * @example
 * describeNetworkProblem(net); // null when consistent
 */
export function describeNetworkProblem(network: Network): string | null {
  if (network.layers.length === 0) return "the network has no layers";
  for (const [i, layer] of network.layers.entries()) {
    if (!(Number.isInteger(layer.inputs) && layer.inputs > 0 && Number.isInteger(layer.units) && layer.units > 0)) {
      return `layer ${i} has ${layer.inputs} inputs and ${layer.units} units; both must be positive integers`;
    }
    if (i > 0 && layer.inputs !== network.layers[i - 1]!.units) {
      return `layer ${i} takes ${layer.inputs} inputs but layer ${i - 1} has ${network.layers[i - 1]!.units} units`;
    }
    if (layer.kernel.length !== layer.inputs * layer.units) return `layer ${i} kernel has ${layer.kernel.length} values, expected ${layer.inputs * layer.units}`;
    if (layer.bias.length !== layer.units) return `layer ${i} bias has ${layer.bias.length} values, expected ${layer.units}`;
    if (!ACTIVATIONS.includes(layer.activation)) return `layer ${i} has the unknown activation ${JSON.stringify(layer.activation)}`;
    if (layer.activation === "softmax" && i !== network.layers.length - 1) return `layer ${i}: softmax is allowed on the output layer only`;
  }
  return null;
}

/**
 * Inputs the network expects (its first layer's).
 * @example
 * inputSize(net); // 4
 */
export function inputSize(network: Network): number {
  return network.layers[0]!.inputs;
}

/**
 * Outputs per row (its last layer's units).
 * @example
 * outputSize(net); // 3
 */
export function outputSize(network: Network): number {
  return network.layers[network.layers.length - 1]!.units;
}
