/**
 * Fold assignment for k-fold and stratified k-fold cross-validation: every
 * row is held out exactly once, folds differ in size by at most one row, and
 * a seed fixes the assignment.
 */
import { TrainError } from "./errors";
import type { ClassLabel } from "./labels";
import { createRandom, permutation, shuffleInPlace } from "./random";

export interface Fold {
  /** Rows trained on, ascending. */
  train: Int32Array;
  /** Rows held out, ascending. */
  test: Int32Array;
}

function checkK(n: number, k: number): void {
  if (!Number.isInteger(k) || k < 2) throw new TrainError("invalid_argument", `folds must be an integer >= 2, got ${k}`);
  if (k > n) throw new TrainError("invalid_argument", `${k} folds need at least ${k} rows; there are ${n}`, { rows: n, folds: k });
}

function foldsFromAssignment(assignment: Int32Array, k: number): Fold[] {
  return Array.from({ length: k }, (_, f) => {
    const test: number[] = [];
    const train: number[] = [];
    assignment.forEach((fold, row) => (fold === f ? test : train).push(row));
    return { train: Int32Array.from(train), test: Int32Array.from(test) };
  });
}

/**
 * k folds of n rows, assigned at random.
 * @example
 * kFold(10, 5, 42).map((f) => f.test.length); // [2, 2, 2, 2, 2]
 */
export function kFold(n: number, k: number, seed: number): Fold[] {
  checkK(n, k);
  const order = permutation(n, createRandom(seed));
  const assignment = new Int32Array(n);
  order.forEach((row, i) => { assignment[row] = i % k; });
  return foldsFromAssignment(assignment, k);
}

/**
 * k folds keeping each class's share in every fold: each class's rows are
 * shuffled and dealt to the folds in turn (continuing where the previous class
 * stopped, so fold sizes stay within one row). Every class needs at least two
 * rows, or some fold would train without it.
 * @example
 * stratifiedKFold(["a", "a", "a", "a", "b", "b"], 2, 1); // each test fold: two a, one b
 */
export function stratifiedKFold(labels: readonly ClassLabel[], k: number, seed: number): Fold[] {
  checkK(labels.length, k);
  const byClass = new Map<string, number[]>();
  labels.forEach((label, row) => {
    const key = `${typeof label}:${String(label)}`;
    const rows = byClass.get(key) ?? [];
    rows.push(row);
    byClass.set(key, rows);
  });
  const rare = [...byClass.entries()].filter(([, rows]) => rows.length < 2).map(([key]) => key.slice(key.indexOf(":") + 1));
  if (rare.length > 0) {
    throw new TrainError("invalid_argument", `stratified folds need at least two rows per class; ${rare.join(", ")} ha${rare.length === 1 ? "s" : "ve"} one`, { classes: rare });
  }
  const random = createRandom(seed);
  const assignment = new Int32Array(labels.length);
  let next = 0;
  for (const key of [...byClass.keys()].sort()) {
    const rows = byClass.get(key)!;
    shuffleInPlace(rows, random);
    for (const row of rows) assignment[row] = next++ % k;
  }
  return foldsFromAssignment(assignment, k);
}
