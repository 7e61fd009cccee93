import { EvaluateError } from "./errors";
import { checkLengths, describe } from "./inputs";
import { compareKeys, readLabels, type Label, type LabelKey } from "./labels";

/** One group: its value per grouping column and the rows it holds. */
export interface Group {
  /** Column → value (a bin reads "[lo, hi)"; a missing value reads null when allowed). */
  key: Record<string, Label | null>;
  indices: number[];
}

export interface GroupingOptions {
  /** Numeric columns cut at these edges (sorted): [e0, e1, …, ek] gives [e0, e1), …, [e(k−1), ek]. Every interval is a level, empty or not. */
  bins?: Record<string, readonly number[]>;
  /** Missing values form their own group (segments) instead of failing (fairness). */
  allowMissing?: boolean;
  /** Every combination of levels, empty ones included (as Fairlearn's MetricFrame lists them); default false. */
  allCombinations?: boolean;
}

/** The most groups one breakdown may produce. */
export const MAX_GROUPS = 10_000;

type Level = { shown: Label | null; sortKey: LabelKey | null };

/**
 * Splits rows into groups by one or more columns, sorted by level (numbers
 * ascending, strings by code point, missing last), as pandas groupby sorts.
 * @example
 * groupRows({ region: ["EU", "US", "EU"] }, 3).map((g) => [g.key.region, g.indices]); // [["EU", [0, 2]], ["US", [1]]]
 */
export function groupRows(columns: Record<string, unknown>, n: number, options: GroupingOptions = {}): Group[] {
  const names = Object.keys(columns);
  if (names.length === 0) throw new EvaluateError("invalid_argument", "name at least one column to group by", {});
  const perColumn = names.map((name) => readLevels(name, columns[name], options));
  checkLengths([["y_true", n], ...names.map((name, i) => [name, perColumn[i]!.codes.length] as const)]);
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const code = perColumn.map((c) => c.codes[i]!).join(",");
    const list = byKey.get(code);
    if (list) list.push(i);
    else byKey.set(code, [i]);
  }
  let codes: number[][];
  if (options.allCombinations) {
    const total = perColumn.reduce((a, c) => a * c.levels.length, 1);
    if (total > MAX_GROUPS) throw new EvaluateError("too_large", `the columns give ${total} combinations, more than ${MAX_GROUPS}`, { groups: total });
    codes = perColumn.reduce<number[][]>((acc, c) => acc.flatMap((prefix) => c.levels.map((_, j) => [...prefix, j])), [[]]);
  } else {
    if (byKey.size > MAX_GROUPS) throw new EvaluateError("too_large", `the columns give ${byKey.size} groups, more than ${MAX_GROUPS}`, { groups: byKey.size });
    codes = [...byKey.keys()].map((k) => k.split(",").map(Number)).sort((a, b) => {
      for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return a[j]! - b[j]!;
      return 0;
    });
  }
  return codes.map((code) => ({
    key: Object.fromEntries(names.map((name, j) => [name, perColumn[j]!.levels[code[j]!]!.shown])),
    indices: byKey.get(code.join(",")) ?? [],
  }));
}

/** A column's sorted levels and each row's level index. */
function readLevels(name: string, values: unknown, options: GroupingOptions): { levels: Level[]; codes: Int32Array } {
  const edges = options.bins?.[name];
  if (edges) return binLevels(name, values, edges);
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) throw new EvaluateError("invalid_argument", `group column ${name} must be an array`, { column: name });
  const list = values as ArrayLike<unknown>;
  const missing: number[] = [];
  const present: unknown[] = [];
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) missing.push(i);
    else present.push(v);
  }
  if (missing.length > 0 && !options.allowMissing) {
    throw new EvaluateError("non_finite", `group column ${name} has ${missing.length} missing value(s), first at index ${missing[0]}; fill or drop them first`, { column: name, count: missing.length });
  }
  const column = readGroupValues(name, present);
  const sorted = [...new Set(column.keys)].sort(compareKeys);
  const index = new Map(sorted.map((k, j) => [k, j]));
  const levels: Level[] = sorted.map((k) => ({ shown: column.shown.get(k)!, sortKey: k }));
  if (missing.length > 0) levels.push({ shown: null, sortKey: null });
  const codes = new Int32Array(list.length);
  let p = 0;
  const missingSet = new Set(missing);
  for (let i = 0; i < list.length; i++) codes[i] = missingSet.has(i) ? levels.length - 1 : index.get(column.keys[p++]!)!;
  return { levels, codes };
}

/** Group values may be any label, including non-integer numbers (a group is not a class). */
function readGroupValues(name: string, values: unknown[]): { keys: LabelKey[]; shown: Map<LabelKey, Label> } {
  const integral = values.every((v) => typeof v !== "number" || Number.isInteger(v));
  if (integral) return readLabels(name, values);
  if (values.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new EvaluateError("invalid_labels", `group column ${name} mixes numbers with other values`, { column: name });
  }
  const keys = values as number[];
  return { keys, shown: new Map(keys.map((k) => [k, k])) };
}

function binLevels(name: string, values: unknown, edges: readonly number[]): { levels: Level[]; codes: Int32Array } {
  if (edges.length < 2 || edges.some((e, i) => typeof e !== "number" || Number.isNaN(e) || (i > 0 && !(e > edges[i - 1]!)))) {
    throw new EvaluateError("invalid_argument", `bins for ${name} must be at least two increasing numbers, got ${JSON.stringify(edges)}`, { column: name });
  }
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) throw new EvaluateError("invalid_argument", `group column ${name} must be an array`, { column: name });
  const list = values as ArrayLike<unknown>;
  const k = edges.length - 1;
  const levels: Level[] = Array.from({ length: k }, (_, j) => ({ shown: `[${fmt(edges[j]!)}, ${fmt(edges[j + 1]!)}${j === k - 1 ? "]" : ")"}`, sortKey: j }));
  const codes = new Int32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== "number" || Number.isNaN(v)) {
      throw new EvaluateError("non_finite", `binned column ${name} needs numbers; index ${i} is ${describe(v)}`, { column: name, index: i });
    }
    if (v < edges[0]! || v > edges[k]!) {
      throw new EvaluateError("invalid_argument", `binned column ${name}: ${v} at index ${i} lies outside the bins [${fmt(edges[0]!)}, ${fmt(edges[k]!)}]; widen the edges (±Infinity is allowed)`, { column: name, index: i });
    }
    let j = 0;
    while (j < k - 1 && v >= edges[j + 1]!) j++;
    codes[i] = j;
  }
  return { levels, codes };
}

function fmt(x: number): string {
  return x === Infinity ? "∞" : x === -Infinity ? "-∞" : String(x);
}
