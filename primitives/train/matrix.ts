/**
 * Training examples in host memory: features as one row-major Float32Array
 * (what tfjs takes without a copy per batch) and targets as they came. Every
 * entry point checks shapes and values here, so bad input fails with a named
 * column or row instead of turning into a silently wrong number.
 */
import { TrainError } from "./errors";

/** Rows x cols features, row-major. */
export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly values: Float32Array;
  /** One name per column (the model keeps them to read datasets at predict time). */
  readonly columns: readonly string[];
}

/** A target value as read: numbers for regression, any scalar label for classification. */
export type TargetValue = number | string | boolean;

export interface Examples {
  x: FeatureMatrix;
  y: TargetValue[];
}

/** Training keeps its data in memory; past this many feature values it refuses (about 400 MB of float32). */
export const MAX_FEATURE_VALUES = 100_000_000;

/**
 * Checks the size before allocating.
 * @example
 * checkSize(rows, cols); // throws too_large past MAX_FEATURE_VALUES
 */
export function checkSize(rows: number, cols: number, max = MAX_FEATURE_VALUES): void {
  if (rows * cols > max) {
    throw new TrainError("too_large", `${rows} rows x ${cols} features is ${rows * cols} values, over the ${max} training keeps in memory; sample the dataset first`, { rows, cols, max });
  }
}

function badValue(value: unknown, row: number, column: number): TrainError {
  if (typeof value !== "number") {
    return new TrainError("non_numeric_feature", `row ${row}, feature ${column} is ${value === null ? "null" : typeof value}, not a number; encode it with a FeatureSet transform first`, { row, column });
  }
  return new TrainError("missing_values", `row ${row}, feature ${column} is ${value}; drop or fill missing values before training`, { row, column });
}

/**
 * A FeatureMatrix from nested arrays (rows of numbers), every row the same
 * length and every value a finite number.
 * @example
 * matrixFromRows([[1, 2], [3, 4]]); // { rows: 2, cols: 2, columns: ["x0", "x1"], ... }
 */
export function matrixFromRows(rows: unknown, columns?: readonly string[]): FeatureMatrix {
  if (!Array.isArray(rows)) throw new TrainError("invalid_argument", `features must be an array of rows (arrays of numbers), got ${typeof rows}`);
  if (rows.length === 0) throw new TrainError("invalid_argument", "features have no rows");
  const first: unknown = rows[0];
  if (!Array.isArray(first)) throw new TrainError("invalid_argument", "features must be an array of rows (arrays of numbers); row 0 is not an array");
  const cols = first.length;
  if (cols === 0) throw new TrainError("invalid_argument", "feature rows are empty");
  if (columns && columns.length !== cols) {
    throw new TrainError("schema_mismatch", `rows have ${cols} features but ${columns.length} names were given (${columns.join(", ")})`, { expected: columns.length, got: cols });
  }
  checkSize(rows.length, cols);
  const values = new Float32Array(rows.length * cols);
  // Plain loops, and one test per value on the common path (v - v is 0 only for finite numbers):
  // a callback or two checks per value cost more than the copy on a million values.
  for (let r = 0; r < rows.length; r++) {
    const row: unknown = rows[r];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new TrainError("length_mismatch", `row ${r} has ${Array.isArray(row) ? row.length : "no"} features, row 0 has ${cols}`, { row: r });
    }
    const offset = r * cols;
    for (let c = 0; c < cols; c++) {
      const value = row[c] as number;
      if (typeof value !== "number" || value - value !== 0) throw badValue(value, r, c);
      values[offset + c] = value;
    }
  }
  return { rows: rows.length, cols, values, columns: columns ?? Array.from({ length: cols }, (_, i) => `x${i}`) };
}

/**
 * Checks targets: one per feature row, every one a finite number (regression)
 * or a non-null scalar (classification).
 * @example
 * checkTargets([0, 1, 1], 3, "label"); // [0, 1, 1]
 */
export function checkTargets(y: unknown, rows: number, kind: "number" | "label"): TargetValue[] {
  if (!Array.isArray(y)) throw new TrainError("invalid_argument", `targets must be an array, got ${y === null ? "null" : typeof y}`);
  if (y.length !== rows) {
    throw new TrainError("length_mismatch", `${rows} feature rows but ${y.length} targets; they must pair up one to one`, { rows, targets: y.length });
  }
  y.forEach((value: unknown, i) => {
    if (value === null || value === undefined || (typeof value === "number" && !Number.isFinite(value))) {
      throw new TrainError("missing_values", `target ${i} is ${String(value)}; drop or fill missing targets before training`, { row: i });
    }
    if (kind === "number" && typeof value !== "number") {
      throw new TrainError("non_numeric_feature", `target ${i} is ${typeof value}, not a number; a regression needs a numeric target`, { row: i });
    }
    if (typeof value !== "number" && typeof value !== "string" && typeof value !== "boolean") {
      throw new TrainError("invalid_argument", `target ${i} is ${typeof value}; a label must be a number, string or boolean`, { row: i });
    }
  });
  return y as TargetValue[];
}

/**
 * The rows at `indices`, in that order (a fold, a batch source, a validation split).
 * @example
 * const valid = selectRows(x, Int32Array.of(4, 9));
 */
export function selectRows(matrix: FeatureMatrix, indices: ArrayLike<number>): FeatureMatrix {
  const values = new Float32Array(indices.length * matrix.cols);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]! * matrix.cols;
    values.set(matrix.values.subarray(from, from + matrix.cols), i * matrix.cols);
  }
  return { rows: indices.length, cols: matrix.cols, values, columns: matrix.columns };
}

/**
 * The examples at `indices`: the same rows of features and targets.
 * @example
 * const train = selectExamples(all, folds[0].train);
 */
export function selectExamples(examples: Examples, indices: ArrayLike<number>): Examples {
  const y: TargetValue[] = new Array(indices.length);
  for (let i = 0; i < indices.length; i++) y[i] = examples.y[indices[i]!]!;
  return { x: selectRows(examples.x, indices), y };
}
