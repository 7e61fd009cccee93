import { EvaluateError } from "./errors";
import { describe } from "./inputs";

/** A class label: integers, strings or booleans (booleans count as 0 and 1, as in numpy). */
export type Label = number | string | boolean;

/** Labels as a plain array, or integers in a typed array. */
export type LabelArray = ReadonlyArray<Label> | ArrayLike<number>;

/** The comparable form of a label: booleans become 0/1 so `true` equals `1`, as in numpy. */
export type LabelKey = number | string;

/** A label input read and checked once: canonical keys plus the original spelling of each. */
export interface LabelColumn {
  name: string;
  keys: LabelKey[];
  /** "number" or "string"; null for an empty column. */
  kind: "number" | "string" | null;
  /** The label as the caller wrote it, per key (so `true` shows as true, not 1); every distinct key is in it. */
  shown: Map<LabelKey, Label>;
}

/** How many distinct raw values readLabels remembers for its identity scan. */
const RECENT_LABELS = 8;

/**
 * Reads a label input, refusing missing values, non-integer numbers (they
 * look continuous: sklearn refuses them too) and a mix of strings and numbers.
 * @example
 * readLabels("y_true", ["cat", "dog"]).kind; // "string"
 */
export function readLabels(name: string, values: unknown): LabelColumn {
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new EvaluateError("invalid_argument", `${name} must be an array of labels, got ${describe(values)}`, { argument: name });
  }
  const list = values as ArrayLike<unknown>;
  const shown = new Map<LabelKey, Label>();
  let kind: LabelColumn["kind"] = null;
  // The first pass checks only. The last few distinct raw values are remembered: most columns hold a
  // handful of classes, so a short identity scan replaces the per-sample checks and Map lookups.
  const recentValues: unknown[] = [];
  // Whether a key differs from its value (a boolean, -0) or the input is not a plain array: then the
  // keys are built one by one; otherwise they are the values, copied at once.
  let converted = !Array.isArray(list);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    let r = 0;
    while (r < recentValues.length && recentValues[r] !== v) r++;
    if (r < recentValues.length) {
      if (v === 0 && Object.is(v, -0)) converted = true; // -0 === 0 matched a remembered 0
      continue;
    }
    const key = labelKey(name, v, i);
    const k = typeof key === "string" ? "string" : "number";
    if (kind !== k) {
      if (kind !== null) throw new EvaluateError("invalid_labels", `${name} mixes string and number labels (index ${i} is ${describe(list[i])}); use one type`, { argument: name, index: i });
      kind = k;
    }
    if (!Object.is(key, v)) converted = true;
    if (shown.get(key) === undefined) shown.set(key, v as Label);
    if (recentValues.length < RECENT_LABELS) recentValues.push(v);
  }
  let keys: LabelKey[];
  if (converted) {
    keys = new Array(list.length);
    for (let i = 0; i < list.length; i++) keys[i] = labelKey(name, list[i], i);
  } else keys = (list as LabelKey[]).slice();
  return { name, keys, kind, shown };
}

/**
 * The key of one label given as an option (pos_label, an entry of labels).
 * @example
 * labelKey("pos_label", true); // 1
 */
export function labelKey(name: string, value: unknown, index?: number): LabelKey {
  if (typeof value === "number") {
    if (Number.isInteger(value)) return value === 0 ? 0 : value; // -0 and 0 are one label
  } else if (typeof value === "string") return value;
  else if (typeof value === "boolean") return value ? 1 : 0;
  return refuseLabel(name, value, index);
}

function refuseLabel(name: string, value: unknown, index: number | undefined): never {
  const where = index === undefined ? name : `${name}[${index}]`;
  const at: { [key: string]: number } = index === undefined ? {} : { index };
  if (typeof value === "number" && Number.isFinite(value)) {
    throw new EvaluateError("invalid_labels", `${where} is ${value}, which looks like a continuous value: classification labels must be integers, strings or booleans`, { argument: name, ...at });
  }
  throw new EvaluateError("non_finite", `${where} is ${describe(value)}: labels must be present (no NaN, null or missing values)`, { argument: name, ...at });
}

/**
 * The one label kind of several columns; a mix of strings and numbers fails.
 * @example
 * commonKind([readLabels("y_true", [0, 1]), readLabels("y_pred", [1, 1])]); // "number"
 */
export function commonKind(columns: ReadonlyArray<LabelColumn>): "number" | "string" | null {
  let kind: LabelColumn["kind"] = null;
  for (const c of columns) {
    if (c.kind === null) continue;
    if (kind !== null && kind !== c.kind) {
      throw new EvaluateError("invalid_labels", `mix of label types: ${columns.map((x) => `${x.name} holds ${x.kind ?? "nothing"}`).join(", ")}; use one type`, {});
    }
    kind = c.kind;
  }
  return kind;
}

/**
 * numpy's order: numbers ascending, strings by code point.
 * @example
 * ["b", "a", "B"].sort(compareKeys); // ["B", "a", "b"]
 */
export function compareKeys(a: LabelKey, b: LabelKey): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  let i = 0;
  let j = 0;
  while (i < sa.length && j < sb.length) {
    const ca = sa.codePointAt(i)!;
    const cb = sb.codePointAt(j)!;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return (sa.length - i) - (sb.length - j);
}

/**
 * The sorted distinct keys of several columns (sklearn's unique_labels).
 * @example
 * uniqueKeys(readLabels("a", [2, 0]), readLabels("b", [1])); // [0, 1, 2]
 */
export function uniqueKeys(...columns: LabelColumn[]): LabelKey[] {
  commonKind(columns);
  const set = new Set<LabelKey>();
  // A column's shown map holds each of its distinct keys once: no pass over the samples.
  for (const c of columns) for (const k of c.shown.keys()) set.add(k);
  return [...set].sort(compareKeys);
}

/**
 * Reads a `labels` option: keys in the caller's order, refusing duplicates,
 * an empty list, and a type other than the data's.
 * @example
 * readLabelOption([2, 0, 1], "number"); // [2, 0, 1]
 */
export function readLabelOption(labels: unknown, kind: "number" | "string" | null, name = "labels"): LabelKey[] {
  const column = readLabels(name, labels);
  if (column.keys.length === 0) throw new EvaluateError("invalid_argument", `${name} must hold at least one label`, { argument: name });
  if (kind !== null && column.kind !== kind) {
    throw new EvaluateError("invalid_labels", `${name} holds ${column.kind} labels but the data holds ${kind} labels`, { argument: name });
  }
  const seen = new Set<LabelKey>();
  for (const k of column.keys) {
    if (seen.has(k)) throw new EvaluateError("invalid_argument", `${name} lists ${JSON.stringify(k)} twice; labels must be unique`, { argument: name });
    seen.add(k);
  }
  return column.keys;
}

/**
 * Each key's position in `classes`, or -1 when absent.
 * @example
 * encodeKeys([1, 0, 2], [0, 1]); // Int32Array [1, 0, -1]
 */
export function encodeKeys(keys: ReadonlyArray<LabelKey>, classes: ReadonlyArray<LabelKey>): Int32Array {
  const out = new Int32Array(keys.length);
  if (classes.length <= RECENT_LABELS) {
    // A short scan beats a Map lookup for the usual handful of classes.
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      let c = 0;
      while (c < classes.length && classes[c] !== key) c++;
      out[i] = c < classes.length ? c : -1;
    }
    return out;
  }
  const index = new Map<LabelKey, number>(classes.map((c, i) => [c, i]));
  for (let i = 0; i < keys.length; i++) out[i] = index.get(keys[i]!) ?? -1;
  return out;
}

/**
 * 1 where the key is `key`, else 0 (a loop: Uint8Array.from with a mapper
 * walks a plain array through its iterator, several times slower).
 * @example
 * markKey([0, 2, 2], 2); // Uint8Array [0, 1, 1]
 */
export function markKey(keys: ReadonlyArray<LabelKey>, key: LabelKey): Uint8Array {
  const out = new Uint8Array(keys.length);
  for (let i = 0; i < keys.length; i++) if (keys[i] === key) out[i] = 1;
  return out;
}

/**
 * The labels to show for keys: the caller's own spelling when known.
 * @example
 * showLabels([0, 1], [readLabels("y", [true, false])]); // [false, true]
 */
export function showLabels(keys: ReadonlyArray<LabelKey>, columns: ReadonlyArray<LabelColumn>): Label[] {
  return keys.map((k) => {
    for (const c of columns) {
      const shown = c.shown.get(k);
      if (shown !== undefined) return shown;
    }
    return k;
  });
}
