/**
 * Value previews made inside the isolate: bounded in depth, breadth and
 * total nodes, circular-safe, and never running getters (only data
 * properties are read), so what leaves the isolate is small plain JSON.
 */
import type { ValuePreview } from "../../../../protocol/outputs";
import type { SandboxLimits } from "../limits";
import {
  ArrayIsArray,
  ArrayPush,
  BigIntToString,
  DateGetTime,
  DateToISOString,
  isArrayBuffer,
  isDate,
  isError,
  isMap,
  isRegExp,
  isSet,
  isTypedArray,
  MapForEach,
  MapSize,
  NumberIsFinite,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  ObjectIs,
  ObjectKeys,
  RegExpToString,
  SetForEach,
  SetSize,
  SymbolToString,
  TypedArrayLength,
  ArrayBufferByteLength,
} from "./intrinsics";
import { safeString, truncateString } from "./truncate";

export type PreviewLimits = Pick<SandboxLimits, "previewDepth" | "previewBreadth" | "previewNodes" | "maxStringChars">;

interface PreviewState {
  limits: PreviewLimits;
  nodes: number;
  ancestors: unknown[];
}

/** A handle to a host object, as the bridge hands it to cells. */
export function readHandle(value: unknown): { id: string; kind: string; label: string } | null {
  if (typeof value !== "object" || value === null) return null;
  const id = dataProperty(value, "__tbHandle");
  const kind = dataProperty(value, "kind");
  const label = dataProperty(value, "label");
  if (typeof id !== "string" || typeof kind !== "string") return null;
  return { id, kind, label: typeof label === "string" ? label : id };
}

/** The value of an own data property, without running a getter. */
export function dataProperty(target: object, key: string): unknown {
  try {
    const descriptor = ObjectGetOwnPropertyDescriptor(target, key);
    return descriptor && "value" in descriptor ? descriptor.value : undefined;
  } catch {
    return undefined;
  }
}

/** The constructor name of an object's prototype, read without getters; null for a null prototype. */
export function constructorName(value: object): string | null {
  try {
    const proto = ObjectGetPrototypeOf(value) as object | null;
    if (proto === null) return null;
    const ctor = dataProperty(proto, "constructor");
    if (typeof ctor !== "function") return "Object";
    const name = dataProperty(ctor, "name");
    return typeof name === "string" && name !== "" ? name : "Object";
  } catch {
    return "Object";
  }
}

export function functionName(fn: unknown): string {
  const name = typeof fn === "function" ? dataProperty(fn, "name") : undefined;
  return typeof name === "string" ? name : "";
}

export function previewNumber(n: number): ValuePreview {
  return { t: "number", v: NumberIsFinite(n) ? n : safeString(n) };
}

export function previewString(text: string, max: number): ValuePreview {
  if (text.length <= max) return { t: "string", v: text };
  return { t: "string", v: truncateString(text, max), truncated: text.length - max };
}

export function previewValue(value: unknown, limits: PreviewLimits): ValuePreview {
  return previewAt(value, 0, { limits, nodes: 0, ancestors: [] });
}

function previewAt(value: unknown, depth: number, state: PreviewState): ValuePreview {
  state.nodes++;
  switch (typeof value) {
    case "undefined":
      return { t: "undefined" };
    case "boolean":
      return { t: "boolean", v: value };
    case "number":
      return previewNumber(value);
    case "bigint":
      return { t: "bigint", v: BigIntToString(value) };
    case "string":
      return previewString(value, state.limits.maxStringChars);
    case "symbol":
      return { t: "symbol", v: SymbolToString(value) };
    case "function":
      return { t: "function", name: functionName(value) };
  }
  if (value === null) return { t: "null" };
  return previewObject(value as object, depth, state);
}

function previewObject(value: object, depth: number, state: PreviewState): ValuePreview {
  const handle = readHandle(value);
  if (handle) return { t: "handle", kind: handle.kind, label: `${handle.kind} ${handle.label}` };
  if (isDate(value)) {
    const time = DateGetTime(value);
    return { t: "date", v: NumberIsFinite(time) ? DateToISOString(value) : "Invalid Date" };
  }
  if (isRegExp(value)) return { t: "regexp", v: RegExpToString(value) };
  if (isError(value)) {
    return {
      t: "error",
      name: truncateString(safeString(readErrorField(value, "name")), state.limits.maxStringChars),
      message: truncateString(safeString(readErrorField(value, "message")), state.limits.maxStringChars),
    };
  }
  for (let i = 0; i < state.ancestors.length; i++) if (ObjectIs(state.ancestors[i], value)) return { t: "circular" };
  const full = depth >= state.limits.previewDepth;
  ArrayPush(state.ancestors, value);
  try {
    if (ArrayIsArray(value)) return previewList(value, value.length, full, depth, state);
    if (isTypedArray(value)) return previewList(value as unknown as ArrayLike<unknown>, TypedArrayLength(value), full, depth, state);
    if (isArrayBuffer(value)) {
      return { t: "object", ctor: "ArrayBuffer", entries: [["byteLength", previewNumber(ArrayBufferByteLength(value))]], more: 0 };
    }
    if (isMap(value)) return previewMap(value, full, depth, state);
    if (isSet(value)) return previewSet(value, full, depth, state);
    return previewRecord(value, full, depth, state);
  } finally {
    state.ancestors.length--;
  }
}

/** Errors keep name on the prototype: read it like a property, but only as data. */
function readErrorField(error: object, key: "name" | "message"): unknown {
  let target: object | null = error;
  for (let i = 0; target !== null && i < 8; i++) {
    const descriptor = ObjectGetOwnPropertyDescriptor(target, key);
    if (descriptor) return "value" in descriptor ? descriptor.value : "[Getter]";
    target = ObjectGetPrototypeOf(target) as object | null;
  }
  return "";
}

function room(state: PreviewState, full: boolean): number {
  if (full) return 0;
  const left = state.limits.previewNodes - state.nodes;
  return left <= 0 ? 0 : left < state.limits.previewBreadth ? left : state.limits.previewBreadth;
}

function previewList(list: ArrayLike<unknown>, length: number, full: boolean, depth: number, state: PreviewState): ValuePreview {
  const shown = length < room(state, full) ? length : room(state, full);
  const items: ValuePreview[] = [];
  for (let i = 0; i < shown; i++) ArrayPush(items, previewAt(readIndex(list, i), depth + 1, state));
  return { t: "array", length, items, more: length - shown };
}

function readIndex(list: ArrayLike<unknown>, index: number): unknown {
  if (!ArrayIsArray(list)) return list[index];
  const descriptor = ObjectGetOwnPropertyDescriptor(list, index);
  if (!descriptor) return undefined;
  return "value" in descriptor ? descriptor.value : "[Getter]";
}

function previewMap(map: Map<unknown, unknown>, full: boolean, depth: number, state: PreviewState): ValuePreview {
  const size = MapSize(map);
  const limit = room(state, full);
  const entries: Array<[ValuePreview, ValuePreview]> = [];
  MapForEach(map, (v, k) => {
    if (entries.length < limit) ArrayPush(entries, [previewAt(k, depth + 1, state), previewAt(v, depth + 1, state)]);
  });
  return { t: "map", size, entries, more: size - entries.length };
}

function previewSet(set: Set<unknown>, full: boolean, depth: number, state: PreviewState): ValuePreview {
  const size = SetSize(set);
  const limit = room(state, full);
  const items: ValuePreview[] = [];
  SetForEach(set, (v) => {
    if (items.length < limit) ArrayPush(items, previewAt(v, depth + 1, state));
  });
  return { t: "set", size, items, more: size - items.length };
}

function previewRecord(value: object, full: boolean, depth: number, state: PreviewState): ValuePreview {
  const keys = ObjectKeys(value);
  const limit = room(state, full);
  const entries: Array<[string, ValuePreview]> = [];
  for (let i = 0; i < keys.length && entries.length < limit; i++) {
    const key = keys[i] as string;
    const descriptor = ObjectGetOwnPropertyDescriptor(value, key);
    const entry: ValuePreview = !descriptor
      ? { t: "undefined" }
      : "value" in descriptor
        ? previewAt(descriptor.value, depth + 1, state)
        : { t: "function", name: descriptor.set ? (descriptor.get ? "[Getter/Setter]" : "[Setter]") : "[Getter]" };
    ArrayPush(entries, [truncateString(key, state.limits.maxStringChars), entry]);
  }
  return { t: "object", ctor: constructorName(value), entries, more: keys.length - entries.length };
}
