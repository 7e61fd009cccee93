/**
 * Copies values that leave the isolate (host call arguments, chart specs)
 * into fresh plain data inside the isolate. Getters are refused rather than
 * run, functions and symbols are refused, proxies are read through their
 * traps here (so the host only ever sees the plain copy).
 */
import {
  ArrayBufferSlice,
  ArrayIsArray,
  ArrayPush,
  DateCtor,
  DateGetTime,
  DateToISOString,
  isArrayBuffer,
  isDate,
  isError,
  isMap,
  isPromise,
  isRegExp,
  isSet,
  isTypedArray,
  MapCtor,
  MapForEach,
  MapSet,
  NumberIsFinite,
  ObjectCreate,
  ObjectGetOwnPropertyDescriptor,
  ObjectIs,
  ObjectKeys,
  RegExpToString,
  SetAdd,
  SetCtor,
  SetForEach,
  StringCtor,
  TypedArrayLength,
  TypeErrorCtor,
  WeakMapCtor,
} from "./intrinsics";
import { constructorName, dataProperty, functionName } from "./preview";

const MAX_DEPTH = 100;

/** `host`: structured data for a host function; `json`: JSON-only data (chart specs). */
type CopyMode = "host" | "json";

interface CopyState {
  mode: CopyMode;
  what: string;
  ancestors: unknown[];
}

/** A fresh plain-data copy for a host function call; throws TypeError naming the offending path. */
export function copyForHost(value: unknown, what: string, path: string): unknown {
  return copyAt(value, path, 0, { mode: "host", what, ancestors: [] });
}

/** A JSON-safe copy: Dates become ISO strings, non-finite numbers null, undefined dropped in objects. */
export function copyAsJson(value: unknown, what: string): unknown {
  return copyAt(value, "", 0, { mode: "json", what, ancestors: [] });
}

function refuse(state: CopyState, path: string, reason: string): never {
  const where = path === "" ? "the value" : path;
  throw new TypeErrorCtor(`${state.what}: ${where} ${reason}; only data can cross to the host (JSON values, Map, Set, Date, typed arrays and handles)`);
}

function copyAt(value: unknown, path: string, depth: number, state: CopyState): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return state.mode === "json" && !NumberIsFinite(value) ? null : value;
    case "undefined":
      return state.mode === "json" ? null : undefined;
    case "bigint":
      if (state.mode === "json") refuse(state, path, "is a bigint");
      return value;
    case "symbol":
      return refuse(state, path, "is a symbol");
    case "function":
      return refuse(state, path, `is a function (${functionName(value) || "anonymous"})`);
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH) refuse(state, path, `is nested more than ${MAX_DEPTH} levels deep`);
  for (let i = 0; i < state.ancestors.length; i++) {
    if (ObjectIs(state.ancestors[i], value)) refuse(state, path, "is a circular reference");
  }
  ArrayPush(state.ancestors, value);
  try {
    return copyObject(value as object, path, depth, state);
  } finally {
    state.ancestors.length--;
  }
}

function copyObject(value: object, path: string, depth: number, state: CopyState): unknown {
  if (isDate(value)) {
    if (state.mode === "json") return NumberIsFinite(DateGetTime(value)) ? DateToISOString(value) : null;
    return new DateCtor(DateGetTime(value));
  }
  if (isRegExp(value)) {
    if (state.mode === "json") return RegExpToString(value);
    refuse(state, path, "is a RegExp");
  }
  if (isPromise(value)) refuse(state, path, "is a Promise (await it first)");
  if (isError(value)) {
    return { name: StringCtor(dataProperty(value, "name") ?? "Error"), message: StringCtor(dataProperty(value, "message") ?? "") };
  }
  if (isArrayBuffer(value)) {
    if (state.mode === "json") refuse(state, path, "is an ArrayBuffer");
    return ArrayBufferSlice(value, 0);
  }
  if (isTypedArray(value)) {
    if (state.mode === "json") return copyList(value as unknown as ArrayLike<unknown>, TypedArrayLength(value), path, depth, state);
    return (value as Uint8Array).slice();
  }
  if (ArrayIsArray(value)) return copyList(value, value.length, path, depth, state);
  if (isMap(value)) {
    if (state.mode === "json") refuse(state, path, "is a Map");
    const out = new MapCtor<unknown, unknown>();
    let i = 0;
    MapForEach(value, (v, k) => {
      MapSet(out, copyAt(k, `${path}<key ${i}>`, depth + 1, state), copyAt(v, `${path}<value ${i}>`, depth + 1, state));
      i++;
    });
    return out;
  }
  if (isSet(value)) {
    if (state.mode === "json") refuse(state, path, "is a Set");
    const out = new SetCtor<unknown>();
    let i = 0;
    SetForEach(value, (v) => {
      SetAdd(out, copyAt(v, `${path}<item ${i++}>`, depth + 1, state));
    });
    return out;
  }
  if (value instanceof WeakMapCtor || constructorName(value) === "WeakSet" || constructorName(value) === "WeakRef") {
    refuse(state, path, `is a ${constructorName(value) ?? "weak collection"}`);
  }
  return copyRecord(value, path, depth, state);
}

function copyList(list: ArrayLike<unknown>, length: number, path: string, depth: number, state: CopyState): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < length; i++) {
    const descriptor = ObjectGetOwnPropertyDescriptor(list, i);
    if (descriptor && !("value" in descriptor)) refuse(state, `${path}[${i}]`, "is a getter/setter");
    ArrayPush(out, copyAt(descriptor ? descriptor.value : undefined, `${path}[${i}]`, depth + 1, state));
  }
  return out;
}

function copyRecord(value: object, path: string, depth: number, state: CopyState): object {
  // Null prototype: a setter a cell put on Object.prototype cannot see the copy being built.
  const out = ObjectCreate(null) as Record<string, unknown>;
  const keys = ObjectKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const descriptor = ObjectGetOwnPropertyDescriptor(value, key);
    if (!descriptor) continue;
    const at = `${path}.${key}`;
    if (!("value" in descriptor)) refuse(state, at, "is a getter/setter (getters are not run for the host)");
    const copied = copyAt(descriptor.value, at, depth + 1, state);
    if (state.mode === "json" && descriptor.value === undefined) continue;
    out[key] = copied;
  }
  return out;
}
