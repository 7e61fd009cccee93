/**
 * Values crossing the bridge, host side. Arguments arrive as structured
 * copies made by isolated-vm from the prelude's plain copy; they are checked
 * once more for keys that pollute prototypes in naive merges. Results are
 * turned into data the isolate can copy: host objects that are not plain
 * data become handles, errors lose their stack.
 */
import { types } from "node:util";
import { isSandboxHandle, type HandleTable } from "./handles";

const MAX_DEPTH = 100;
const POLLUTING_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Throws a TypeError for `__proto__` keys, and `constructor`/`prototype` keys holding objects. */
export function checkArguments(name: string, args: unknown): unknown[] {
  if (!Array.isArray(args)) throw new TypeError(`${name}: malformed call`);
  args.forEach((arg, i) => checkValue(name, arg, `argument ${i}`, 0));
  return args;
}

function checkValue(name: string, value: unknown, path: string, depth: number): void {
  if (typeof value !== "object" || value === null) return;
  if (depth > MAX_DEPTH) throw new TypeError(`${name}: ${path} is nested too deeply`);
  if (value instanceof Map) {
    for (const [k, v] of value) {
      checkValue(name, k, `${path}<key>`, depth + 1);
      checkValue(name, v, `${path}<value>`, depth + 1);
    }
    return;
  }
  if (value instanceof Set) {
    for (const v of value) checkValue(name, v, `${path}<item>`, depth + 1);
    return;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date) return;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (key === "__proto__" || (POLLUTING_KEYS.has(key) && typeof item === "object" && item !== null)) {
      throw new TypeError(`${name}: ${path} has the key "${key}", which is not allowed in host call arguments`);
    }
    checkValue(name, item, `${path}.${key}`, depth + 1);
  }
}

/** Converts a host function's result into copyable data; non-plain objects become handles. */
export function toIsolateValue(name: string, value: unknown, handles: HandleTable): unknown {
  return convert(name, value, handles, [], 0);
}

function convert(name: string, value: unknown, handles: HandleTable, ancestors: object[], depth: number): unknown {
  switch (typeof value) {
    case "undefined":
    case "string":
    case "number":
    case "boolean":
    case "bigint":
      return value;
    case "symbol":
      return value.toString();
    case "function":
      throw new TypeError(`host function ${name} returned a function; return data or a handle`);
  }
  if (value === null) return null;
  const object = value as object;
  if (depth > MAX_DEPTH) throw new TypeError(`host function ${name} returned data nested too deeply`);
  if (ancestors.includes(object)) throw new TypeError(`host function ${name} returned a circular structure`);
  if (isSandboxHandle(object)) {
    const label = object.label;
    return typeof label === "string" ? { __tbHandle: object.__tbHandle, kind: object.kind, label } : { __tbHandle: object.__tbHandle, kind: object.kind };
  }
  if (object instanceof Date) return new Date(object.getTime());
  if (object instanceof Error) return { name: object.name, message: object.message };
  if (object instanceof ArrayBuffer) return object.slice(0);
  if (ArrayBuffer.isView(object)) {
    // Buffers and DataViews cross as bytes; typed arrays keep their type.
    if (types.isTypedArray(object) && !Buffer.isBuffer(object)) return (object as Uint8Array).slice();
    return new Uint8Array(object.buffer.slice(object.byteOffset, object.byteOffset + object.byteLength));
  }
  const next = [...ancestors, object];
  if (Array.isArray(object)) return object.map((item) => convert(name, item, handles, next, depth + 1));
  if (object instanceof Map) {
    return new Map([...object].map(([k, v]) => [convert(name, k, handles, next, depth + 1), convert(name, v, handles, next, depth + 1)]));
  }
  if (object instanceof Set) return new Set([...object].map((v) => convert(name, v, handles, next, depth + 1)));
  const proto = Object.getPrototypeOf(object) as object | null;
  if (proto !== Object.prototype && proto !== null) {
    const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
    const kind = typeof ctor?.name === "string" && ctor.name !== "" ? ctor.name : "object";
    return handles.add(object, kind);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    if (key === "__proto__") continue;
    out[key] = convert(name, (object as Record<string, unknown>)[key], handles, next, depth + 1);
  }
  return out;
}
