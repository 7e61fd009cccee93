/**
 * Scores a trained network on held-out examples (validation rows of a
 * search, the test fold of cross-validation) with the task's metrics.
 */
import { predictNetwork } from "../models/forward";
import type { NetworkModel } from "../models/model";
import { encodeLabels } from "./labels";
import type { Examples } from "./matrix";
import { computeMetrics, type Metrics } from "./metrics";
import { readSource, type TrainSource } from "./source";

/**
 * The model's metrics on `examples`; a class the model never saw is an unseen_class error naming `what`.
 * @example
 * const { accuracy } = await scoreExamples(model, heldOut, "fold 2 held-out rows");
 */
export async function scoreExamples(model: NetworkModel, examples: Examples, what: string): Promise<Metrics> {
  const outputs = await predictNetwork(model.network, examples.x);
  const targets = model.task === "regression"
    ? Float32Array.from(examples.y as number[])
    : encodeLabels(examples.y, model.classes!, what);
  return computeMetrics(model.task, outputs, targets, model.classes?.length ?? 1);
}

/**
 * The model's metrics on test data (a Dataset or arrays with the model's
 * features and target), each key prefixed `test_`: what a fit with
 * `options.test` reports and tracks.
 * @example
 * const { test_accuracy } = await scoreTestData(model, { dataset: holdOut, engine });
 */
export async function scoreTestData(model: NetworkModel, source: TrainSource): Promise<{ [name: string]: number }> {
  const { examples } = await readSource(source, {
    target: model.target,
    features: model.features,
    targetKind: model.task === "regression" ? "number" : "label",
  });
  const metrics = await scoreExamples(model, examples, "test data");
  return Object.fromEntries(Object.entries(metrics).map(([name, value]) => [`test_${name}`, value]));
}
