/**
 * Models as host-side objects: cells hold them as handles of kind "Model"
 * and never see the weights. Two runtimes share one shape: networks trained
 * here (weights as plain arrays, run on tfjs) and imported ONNX files (run on
 * onnxruntime-node). A model is recognised by its brand, not instanceof (a
 * bundled kernel may hold two copies of this module).
 */
import { createHash } from "node:crypto";
import type { InferenceSession } from "onnxruntime-node";
import type { Brand } from "../../protocol/ids";
import type { Dataset } from "../data/dataset";
import type { JsonValue } from "../data/errors";
import type { ClassLabel } from "../train/labels";
import type { Task } from "../train/metrics";
import { describeNetworkProblem, type Network } from "./network";

/** `mdl_` + 24 hex digits of a hash of the model's content. */
export type ModelId = Brand<string, "ModelId">;

export type ModelKind = "linearRegression" | "logisticRegression" | "softmaxClassifier" | "mlpClassifier" | "mlpRegressor";

export const MODEL_KINDS: readonly ModelKind[] = ["linearRegression", "logisticRegression", "softmaxClassifier", "mlpClassifier", "mlpRegressor"];

/**
 * A fitted FeatureSet as models carry it: an opaque JSON blob that travels with
 * the model (artifacts, exports), and in the process that fitted it, the live
 * transform that turns raw rows into the model's features.
 */
export interface FeatureSetRef {
  readonly json: JsonValue;
  readonly transform?: (dataset: Dataset) => Promise<Dataset>;
}

/** How a network was trained; stored with it, so a run can be repeated. */
export interface TrainingRecord {
  backend: string;
  device: string;
  seed: number;
  /** The options as resolved (defaults filled in). */
  options: { [key: string]: JsonValue };
  epochs: number;
  bestEpoch: number;
  status: "completed" | "early_stopped" | "interrupted";
  /** Metrics of the kept checkpoint: loss, accuracy/mae and their val_ twins. */
  metrics: { [name: string]: number };
  rows: number;
  runId: string | null;
}

/** The declared input of an imported ONNX model. */
export interface OnnxInputSchema {
  /** The ONNX graph input the features feed. */
  name: string;
  /** Feature column names, in order: the input's second dimension. */
  features: readonly string[];
}

export interface ModelSummary {
  id: ModelId;
  kind: ModelKind | "onnx";
  runtime: "tfjs" | "onnx";
  task: Task;
  features: string[];
  target: string | null;
  classes: ClassLabel[] | null;
  hasFeatureSet: boolean;
  layers?: Array<{ inputs: number; units: number; activation: string }>;
  parameters?: number;
  training?: TrainingRecord | null;
  onnx?: { input: string; output: string };
}

const MODEL_BRAND: unique symbol = Symbol.for("tracebook.model") as never;

interface CommonInit {
  task: Task;
  features: readonly string[];
  target: string | null;
  classes: readonly ClassLabel[] | null;
  featureSet: FeatureSetRef | null;
}

export interface NetworkModelInit extends CommonInit {
  kind: ModelKind;
  network: Network;
  training: TrainingRecord | null;
}

export interface OnnxModelInit extends CommonInit {
  bytes: Uint8Array;
  session: InferenceSession;
  input: OnnxInputSchema;
  output: string;
}

export interface NetworkModel extends Readonly<Omit<NetworkModelInit, "features" | "classes">> {
  readonly [MODEL_BRAND]: true;
  readonly runtime: "tfjs";
  readonly id: ModelId;
  readonly features: readonly string[];
  readonly classes: readonly ClassLabel[] | null;
  toJSON(): ModelSummary;
}

export interface OnnxModel extends Readonly<Omit<OnnxModelInit, "features" | "classes">> {
  readonly [MODEL_BRAND]: true;
  readonly runtime: "onnx";
  readonly id: ModelId;
  readonly kind: "onnx";
  readonly features: readonly string[];
  readonly classes: readonly ClassLabel[] | null;
  toJSON(): ModelSummary;
}

export type Model = NetworkModel | OnnxModel;

/**
 * Whether `value` is a model made by this module (by brand).
 * @example
 * if (!isModel(value)) throw new TypeError("expected a Model");
 */
export function isModel(value: unknown): value is Model {
  return typeof value === "object" && value !== null && (value as { [MODEL_BRAND]?: unknown })[MODEL_BRAND] === true;
}

function checkCommon(init: CommonInit, outputs: number | null): void {
  if (init.features.length === 0) throw new Error("a model needs at least one feature");
  if (init.task !== "regression" && (!init.classes || init.classes.length < 2)) throw new Error(`a ${init.task} model needs at least two classes`);
  if (init.task === "binary" && init.classes!.length !== 2) throw new Error("a binary model has exactly two classes");
  if (outputs !== null && init.task === "multiclass" && outputs !== init.classes!.length) {
    throw new Error(`the network has ${outputs} outputs for ${init.classes!.length} classes`);
  }
}

function hashId(parts: Array<string | Uint8Array>): ModelId {
  const hash = createHash("sha256");
  for (const part of parts) {
    const bytes = typeof part === "string" ? Buffer.from(part) : part;
    hash.update(`${bytes.byteLength}:`).update(bytes);
  }
  return `mdl_${hash.digest("hex").slice(0, 24)}` as ModelId;
}

function commonSummary(model: Model): Pick<ModelSummary, "id" | "task" | "features" | "target" | "classes" | "hasFeatureSet"> {
  return {
    id: model.id,
    task: model.task,
    features: [...model.features],
    target: model.target,
    classes: model.classes ? [...model.classes] : null,
    hasFeatureSet: model.featureSet !== null,
  };
}

/**
 * A trained network as a model. Its id hashes everything it carries
 * (weights, schema, classes, feature set, training record), so the same
 * seeded run gives the same id.
 * @example
 * const model = createNetworkModel({ kind: "linearRegression", task: "regression", network, features: ["x"], target: "y", classes: null, featureSet: null, training: null });
 */
export function createNetworkModel(init: NetworkModelInit): NetworkModel {
  const problem = describeNetworkProblem(init.network);
  if (problem) throw new Error(`invalid network: ${problem}`);
  const last = init.network.layers[init.network.layers.length - 1]!;
  checkCommon(init, last.units);
  if (init.network.layers[0]!.inputs !== init.features.length) {
    throw new Error(`the network takes ${init.network.layers[0]!.inputs} inputs for ${init.features.length} features`);
  }
  const descriptor = JSON.stringify([init.kind, init.task, init.features, init.target, init.classes, init.featureSet?.json ?? null, init.training,
    init.network.layers.map((l) => [l.inputs, l.units, l.activation])]);
  const weights = init.network.layers.flatMap((l) => [new Uint8Array(l.kernel.buffer, l.kernel.byteOffset, l.kernel.byteLength), new Uint8Array(l.bias.buffer, l.bias.byteOffset, l.bias.byteLength)]);
  const model: NetworkModel = {
    [MODEL_BRAND]: true,
    runtime: "tfjs",
    id: hashId([descriptor, ...weights]),
    kind: init.kind,
    task: init.task,
    features: Object.freeze([...init.features]),
    target: init.target,
    classes: init.classes ? Object.freeze([...init.classes]) : null,
    featureSet: init.featureSet,
    network: init.network,
    training: init.training,
    toJSON(): ModelSummary {
      return {
        ...commonSummary(model),
        kind: model.kind,
        runtime: "tfjs",
        layers: model.network.layers.map((l) => ({ inputs: l.inputs, units: l.units, activation: l.activation })),
        parameters: model.network.layers.reduce((n, l) => n + l.kernel.length + l.bias.length, 0),
        training: model.training,
      };
    },
  };
  return Object.freeze(model);
}

/**
 * An imported ONNX model with its declared input (validated by the importer).
 * @example
 * const model = createOnnxModel({ task: "regression", features: ["a", "b"], target: null, classes: null, featureSet: null, bytes, session, input: { name: "input", features: ["a", "b"] }, output: "y" });
 */
export function createOnnxModel(init: OnnxModelInit): OnnxModel {
  checkCommon(init, null);
  const descriptor = JSON.stringify(["onnx", init.task, init.features, init.target, init.classes, init.featureSet?.json ?? null, init.input, init.output]);
  const model: OnnxModel = {
    [MODEL_BRAND]: true,
    runtime: "onnx",
    kind: "onnx",
    id: hashId([descriptor, init.bytes]),
    task: init.task,
    features: Object.freeze([...init.features]),
    target: init.target,
    classes: init.classes ? Object.freeze([...init.classes]) : null,
    featureSet: init.featureSet,
    bytes: init.bytes,
    session: init.session,
    input: init.input,
    output: init.output,
    toJSON(): ModelSummary {
      return { ...commonSummary(model), kind: "onnx", runtime: "onnx", onnx: { input: model.input.name, output: model.output } };
    },
  };
  return Object.freeze(model);
}
