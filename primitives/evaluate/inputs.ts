import { EvaluateError } from "./errors";

/** Numbers as a plain array or any typed array. */
export type NumberArray = ArrayLike<number>;

/**
 * Per-sample class scores: rows (one per sample, one score per class, as
 * `predict_proba` returns) or, without copying into rows, `{ columns }` (one
 * array per class).
 */
export type ScoreMatrix = ReadonlyArray<ArrayLike<number>> | ScoreColumns;

/** Class scores column by column: `columns[c][i]` is sample i's score for class c. */
export interface ScoreColumns {
  columns: ReadonlyArray<ArrayLike<number>>;
}

function isScoreColumns(value: unknown): value is ScoreColumns {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && Array.isArray((value as ScoreColumns).columns);
}

/**
 * A numeric input as a Float64Array, refusing anything that is not a finite
 * number (NaN, ±Infinity, null, strings) with the count and first position.
 * @example
 * readNumbers("y_true", [1, 2.5, 3]); // Float64Array [1, 2.5, 3]
 */
export function readNumbers(name: string, values: unknown): Float64Array {
  const list = requireArrayLike(name, values);
  const out = new Float64Array(list.length);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      bad++;
      if (first < 0) first = i;
      continue;
    }
    out[i] = v;
  }
  if (bad > 0) {
    throw new EvaluateError("non_finite", `${name} has ${bad} value(s) that are not finite numbers (NaN, Infinity, null or not a number), first at index ${first}: ${describe(list[first])}`, { argument: name, count: bad, firstIndex: first });
  }
  return out;
}

/**
 * Sample weights: finite and non-negative, one per sample; null when none were given.
 * @example
 * readWeights([1, 2, 0.5], 3); // Float64Array [1, 2, 0.5]
 */
export function readWeights(weights: unknown, n: number, name = "sample_weight"): Float64Array | null {
  if (weights === undefined || weights === null) return null;
  const w = readNumbers(name, weights);
  checkLengths([["y_true", n], [name, w.length]]);
  const negative = w.findIndex((x) => x < 0);
  if (negative >= 0) throw new EvaluateError("invalid_argument", `${name} must be non-negative, got ${w[negative]} at index ${negative}`, { argument: name, index: negative });
  return w;
}

/**
 * Fails unless every named input has the same length (naming each length).
 * @example
 * checkLengths([["y_true", yTrue.length], ["y_pred", yPred.length]]);
 */
export function checkLengths(named: ReadonlyArray<readonly [string, number]>): void {
  const first = named[0];
  if (!first) return;
  if (named.some(([, n]) => n !== first[1])) {
    const listed = named.map(([name, n]) => `${name} has ${n}`).join(", ");
    throw new EvaluateError("length_mismatch", `inputs differ in length: ${listed}`, { lengths: Object.fromEntries(named.map(([k, n]) => [k, n])) });
  }
}

/**
 * Fails unless value is a plain object (an input record or options).
 * @example
 * requireObject("input", { yTrue: [0, 1] });
 */
export function requireObject<T>(name: string, value: T): T {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new EvaluateError("invalid_argument", `${name} must be an object, got ${describe(value)}`, { argument: name });
  }
  return value;
}

/**
 * Fails on zero samples (every metric needs at least one).
 * @example
 * requireSamples("y_true", 0); // throws empty_input
 */
export function requireSamples(name: string, n: number): void {
  if (n === 0) throw new EvaluateError("empty_input", `${name} is empty: at least one sample is needed`, { argument: name });
}

/**
 * A score input as columns: a 1-D array gives one column, a matrix (rows of
 * class scores) gives one column per class. Every row must have the same
 * width and only finite numbers.
 * @example
 * readScores("y_score", [[0.9, 0.1], [0.2, 0.8]]).columns.length; // 2
 */
export function readScores(name: string, values: unknown): { columns: Float64Array[]; matrix: boolean; rows: number } {
  if (isScoreColumns(values)) {
    const columns = values.columns.map((c, j) => readNumbers(`${name} column ${j}`, c));
    if (columns.length === 0) throw new EvaluateError("invalid_argument", `${name} has no columns`, { argument: name });
    checkLengths(columns.map((c, j) => [`${name} column ${j}`, c.length] as const));
    return { columns, matrix: true, rows: columns[0]!.length };
  }
  const list = requireArrayLike(name, values);
  if (list.length > 0 && isArrayLike(list[0])) {
    const rows = list.length;
    const width = (list[0] as ArrayLike<unknown>).length;
    const columns = Array.from({ length: width }, () => new Float64Array(rows));
    for (let i = 0; i < rows; i++) {
      const row = list[i];
      if (!isArrayLike(row) || row.length !== width) {
        throw new EvaluateError("length_mismatch", `${name} row ${i} has ${isArrayLike(row) ? row.length : "no"} score(s), the first row has ${width}`, { argument: name, row: i });
      }
      for (let j = 0; j < width; j++) {
        const v = row[j];
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new EvaluateError("non_finite", `${name}[${i}][${j}] is not a finite number: ${describe(v)}`, { argument: name, row: i, column: j });
        }
        columns[j]![i] = v;
      }
    }
    return { columns, matrix: true, rows };
  }
  const vector = readNumbers(name, list);
  return { columns: [vector], matrix: false, rows: vector.length };
}

function requireArrayLike(name: string, values: unknown): ArrayLike<unknown> {
  if (!isArrayLike(values)) throw new EvaluateError("invalid_argument", `${name} must be an array, got ${describe(values)}`, { argument: name });
  return values;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * A short, safe description of a bad value for messages.
 * @example
 * describe(null); // "null"
 */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : String(value);
}
