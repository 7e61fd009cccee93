/**
 * Where training data comes from: a Dataset (rows stay in DuckDB until
 * training reads them; optionally the output of a fitted FeatureSet, which
 * then travels with the model) or plain arrays of feature rows and targets.
 */
import type { DataEngine } from "../data/engine";
import type { Dataset } from "../data/dataset";
import type { FeatureSetRef } from "../models/model";
import { readExamples } from "./dataset-examples";
import { TrainError } from "./errors";
import { checkTargets, matrixFromRows, type Examples } from "./matrix";

export interface DatasetSource {
  dataset: Dataset;
  engine: DataEngine;
  /** The fitted FeatureSet whose output `dataset` is; the model keeps it. */
  featureSet?: FeatureSetRef | null;
}

export interface ArraySource {
  /** Feature rows: arrays of finite numbers, all the same length. */
  x: unknown;
  /** One target per row. */
  y: unknown;
}

export type TrainSource = DatasetSource | ArraySource;

/** Examples plus what the model must remember about their columns. */
export interface SourceExamples {
  examples: Examples;
  target: string | null;
  featureSet: FeatureSetRef | null;
}

/**
 * Whether the source is a Dataset (by shape, not instanceof).
 * @example
 * isDatasetSource({ dataset, engine }); // true
 */
export function isDatasetSource(source: TrainSource): source is DatasetSource {
  return typeof source === "object" && source !== null && "dataset" in source && "engine" in source;
}

/**
 * Reads and checks the examples of a source.
 * @example
 * const { examples } = await readSource({ x: [[1], [2]], y: [3, 5] }, { target: null, features: null, targetKind: "number" });
 */
export async function readSource(
  source: TrainSource,
  columns: { target: string | null; features: readonly string[] | null; targetKind: "number" | "label" },
): Promise<SourceExamples> {
  if (isDatasetSource(source)) {
    if (columns.target === null) throw new TrainError("invalid_argument", "options.target is required with a dataset: name the column to predict");
    const examples = await readExamples(source.engine, source.dataset, {
      target: columns.target,
      targetKind: columns.targetKind,
      ...(columns.features ? { features: columns.features } : {}),
    });
    return { examples, target: columns.target, featureSet: source.featureSet ?? null };
  }
  if (typeof source !== "object" || source === null || !("x" in source) || !("y" in source)) {
    throw new TrainError("invalid_argument", "training data must be a Dataset or { x: number[][], y: [...] }");
  }
  const x = matrixFromRows(source.x, columns.features ?? undefined);
  const y = checkTargets(source.y, x.rows, columns.targetKind);
  return { examples: { x, y }, target: columns.target, featureSet: null };
}
