/**
 * Class labels of classifiers: the sorted set of classes seen in training,
 * encoding to indices, and class weights. A label is kept with its type, so
 * 1 and "1" are different classes and predictions give back what came in.
 */
import { TrainError } from "./errors";
import type { TargetValue } from "./matrix";

export type ClassLabel = TargetValue;

/** Class weights as given: per class (keyed by the label's text), or "balanced" (n / (classes x count)). */
export type ClassWeightsSpec = Readonly<Record<string, number>> | "balanced";

const TYPE_ORDER = { number: 0, boolean: 1, string: 2 } as const;

function compareLabels(a: ClassLabel, b: ClassLabel): number {
  const byType = TYPE_ORDER[typeof a as keyof typeof TYPE_ORDER] - TYPE_ORDER[typeof b as keyof typeof TYPE_ORDER];
  if (byType !== 0) return byType;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const [sa, sb] = [String(a), String(b)];
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * The distinct classes of `y`, sorted (numbers, then booleans, then strings).
 * At least `min` classes, or a `single_class` error.
 * @example
 * findClasses(["b", "a", "b"]); // ["a", "b"]
 */
export function findClasses(y: readonly ClassLabel[], min = 2): ClassLabel[] {
  // A Map keys by value and type (SameValueZero): 1, "1" and true stay three classes.
  const classes = [...new Set(y)].sort(compareLabels);
  if (classes.length < min) {
    throw new TrainError(
      "single_class",
      `the target has ${classes.length === 1 ? `only one class (${JSON.stringify(classes[0])})` : `${classes.length} classes`}; a classifier needs at least ${min}`,
      { classes: classes.map(String) },
    );
  }
  return classes;
}

/**
 * Each label's index in `classes`; a label not among them is an `unseen_class` error naming it.
 * @example
 * encodeLabels(["b", "a"], ["a", "b"], "training data"); // Int32Array [1, 0]
 */
export function encodeLabels(y: readonly ClassLabel[], classes: readonly ClassLabel[], what: string): Int32Array {
  const index = new Map<ClassLabel, number>(classes.map((c, i) => [c, i]));
  const codes = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const code = index.get(y[i]!);
    if (code === undefined) {
      throw new TrainError(
        "unseen_class",
        `${what} row ${i} has the class ${JSON.stringify(y[i])}, which the model was not trained on (classes: ${classes.map((c) => JSON.stringify(c)).join(", ")})`,
        { row: i, label: String(y[i]), classes: classes.map(String) },
      );
    }
    codes[i] = code;
  }
  return codes;
}

/**
 * One weight per class, for weighting each example's loss by its class.
 * Classes left out of a per-class spec weigh 1.
 * @example
 * resolveClassWeights("balanced", ["a", "b"], Int32Array.of(0, 0, 0, 1)); // [0.666…, 2]
 */
export function resolveClassWeights(spec: ClassWeightsSpec | undefined, classes: readonly ClassLabel[], codes: Int32Array): Float32Array {
  const weights = new Float32Array(classes.length).fill(1);
  if (spec === undefined) return weights;
  if (spec === "balanced") {
    const counts = new Array<number>(classes.length).fill(0);
    for (const code of codes) counts[code]!++;
    counts.forEach((count, i) => { weights[i] = count === 0 ? 0 : codes.length / (classes.length * count); });
    return weights;
  }
  const byText = new Map(classes.map((c, i) => [String(c), i]));
  for (const [key, weight] of Object.entries(spec)) {
    const i = byText.get(key);
    if (i === undefined) {
      throw new TrainError("unseen_class", `classWeights names the class ${JSON.stringify(key)}, which is not in the target (classes: ${classes.map(String).join(", ")})`, { label: key });
    }
    if (!(typeof weight === "number" && Number.isFinite(weight) && weight >= 0)) {
      throw new TrainError("invalid_argument", `classWeights[${JSON.stringify(key)}] must be a finite number >= 0, got ${String(weight)}`);
    }
    weights[i] = weight;
  }
  return weights;
}
