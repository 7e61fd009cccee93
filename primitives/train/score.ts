/**
 * Scores a trained network on held-out examples (validation rows of a
 * search, the test fold of cross-validation) with the task's metrics.
 */
import { predictNetwork } from "../models/forward";
import type { NetworkModel } from "../models/model";
import { encodeLabels } from "./labels";
import type { Examples } from "./matrix";
import { computeMetrics, type Metrics } from "./metrics";

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
