/**
 * Predictions of any model, from a Dataset or from feature rows. A dataset
 * missing the model's feature columns goes through the model's live
 * FeatureSet transform first, when it has one; otherwise the missing columns
 * are named.
 */
import type { DataEngine } from "../data/engine";
import type { Dataset } from "../data/dataset";
import { readFeatures } from "../train/dataset-examples";
import { TrainError } from "../train/errors";
import type { ClassLabel } from "../train/labels";
import { matrixFromRows, type FeatureMatrix } from "../train/matrix";
import { argmax, type Task } from "../train/metrics";
import { ModelError } from "./errors";
import { predictNetwork } from "./forward";
import type { Model } from "./model";
import { runOnnx } from "./onnx-session";

export type PredictInput = { dataset: Dataset; engine: DataEngine } | { x: unknown };

export interface Predictions {
  task: Task;
  rows: number;
  /** Regression: one value per row. */
  values: Float32Array | null;
  /** Classification: the most probable class of each row. */
  labels: ClassLabel[] | null;
  /** Classification: rows x classes probabilities, row-major (binary too: [p(first), p(second)]). */
  probabilities: Float32Array | null;
  classes: readonly ClassLabel[] | null;
}

/**
 * The model's feature matrix for an input.
 * @example
 * const x = await readModelInput(model, { dataset, engine });
 */
export async function readModelInput(model: Model, input: PredictInput): Promise<FeatureMatrix> {
  if ("x" in input) {
    const x = matrixFromRows(input.x, model.features);
    return x;
  }
  let dataset = input.dataset;
  const missing = model.features.filter((f) => !dataset.column(f));
  if (missing.length > 0) {
    if (!model.featureSet?.transform) {
      throw new TrainError(
        "schema_mismatch",
        `the dataset lacks the model's feature column(s) ${missing.join(", ")}${model.featureSet ? "; the model was trained on FeatureSet output: transform the data with that FeatureSet first" : ""}`,
        { columns: missing },
      );
    }
    dataset = await model.featureSet.transform(dataset);
  }
  return readFeatures(input.engine, dataset, model.features);
}

async function rawOutputs(model: Model, x: FeatureMatrix): Promise<{ values: Float32Array; width: number }> {
  if (model.runtime === "tfjs") {
    const values = await predictNetwork(model.network, x);
    return { values, width: values.length / Math.max(1, x.rows) };
  }
  return runOnnx(model.session, model.input.name, model.output, x);
}

/**
 * Runs a feature matrix through the model and decodes its outputs.
 * @example
 * const { labels, probabilities } = await predictMatrix(model, x);
 */
export async function predictMatrix(model: Model, x: FeatureMatrix): Promise<Predictions> {
  const { values, width } = await rawOutputs(model, x);
  const base = { task: model.task, rows: x.rows, classes: model.classes };
  if (model.task === "regression") {
    if (width !== 1) throw new ModelError("onnx_schema_mismatch", `a regression model gives one value per row; this one gives ${width}`);
    return { ...base, values, labels: null, probabilities: null };
  }
  const classes = model.classes!;
  let probabilities: Float32Array;
  if (model.task === "binary" && width === 1) {
    probabilities = new Float32Array(x.rows * 2);
    for (let i = 0; i < x.rows; i++) {
      probabilities[2 * i] = 1 - values[i]!;
      probabilities[2 * i + 1] = values[i]!;
    }
  } else if (width === classes.length) {
    probabilities = values;
  } else {
    throw new ModelError("onnx_schema_mismatch", `the model gives ${width} outputs per row for ${classes.length} classes`);
  }
  const labels = Array.from({ length: x.rows }, (_, i) => classes[argmax(probabilities, i * classes.length, classes.length)]!);
  return { ...base, values: null, labels, probabilities };
}

/**
 * Predictions for a Dataset or for feature rows.
 * @example
 * const { labels } = await predict(model, { dataset: test, engine });
 * const { values } = await predict(regressor, { x: [[1.5, 2]] });
 */
export async function predict(model: Model, input: PredictInput): Promise<Predictions> {
  return predictMatrix(model, await readModelInput(model, input));
}
