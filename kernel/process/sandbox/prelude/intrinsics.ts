/**
 * Built-ins captured when the prelude boots, before any cell code runs, so
 * that a cell replacing `JSON.stringify` or `Array.isArray` changes its own
 * behaviour only, not how the prelude copies, previews and formats.
 */

const reflectApply = Reflect.apply;

/** `uncurry(Map.prototype.get)(map, key)`: calls a captured method without looking it up again. */
function uncurry<T, A extends unknown[], R>(method: (this: T, ...args: A) => R): (self: T, ...args: A) => R {
  return (self, ...args) => reflectApply(method, self, args) as R;
}

function getter<T>(proto: object, name: string): (self: unknown) => T {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name);
  const get = descriptor?.get;
  if (!get) throw new Error(`prelude: no getter ${name}`);
  return (self) => reflectApply(get, self, []) as T;
}

export const ObjectCreate = Object.create;
export const ObjectKeys = Object.keys;
export const ObjectFreeze = Object.freeze;
export const ObjectIsFrozen = Object.isFrozen;
export const ObjectDefineProperty = Object.defineProperty;
export const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
export const ObjectGetOwnPropertyNames = Object.getOwnPropertyNames;
export const ObjectGetOwnPropertySymbols = Object.getOwnPropertySymbols;
export const ObjectGetPrototypeOf = Object.getPrototypeOf;
export const ObjectIs = Object.is;
export const ObjectPrototype = Object.prototype;
export const ArrayPrototype = Array.prototype;
export const ArrayIsArray = Array.isArray;
export const ArrayBufferIsView = ArrayBuffer.isView;
export const JSONStringify = JSON.stringify;
export const NumberIsFinite = Number.isFinite;
export const NumberIsInteger = Number.isInteger;
export const MathMin = Math.min;
export const MathMax = Math.max;
export const MathFloor = Math.floor;
export const MathRandom = Math.random;
export const DateNow = Date.now;
export const StringCtor = String;
export const NumberCtor = Number;
export const ReflectOwnKeys = Reflect.ownKeys;
export const ReflectApply = reflectApply;
export const PromiseCtor = Promise;
export const ErrorCtor = Error;
export const TypeErrorCtor = TypeError;
export const RangeErrorCtor = RangeError;
export const MapCtor = Map;
export const SetCtor = Set;
export const DateCtor = Date;
export const Uint8ArrayCtor = Uint8Array;
export const ErrorPrototype = Error.prototype;
export const FunctionPrototypeToString = uncurry(Function.prototype.toString as (this: unknown) => string);
export const ObjectPrototypeIsPrototypeOf = uncurry(Object.prototype.isPrototypeOf as (this: object, v: unknown) => boolean);
export const ObjectPrototypeHasOwnProperty = uncurry(
  Object.prototype.hasOwnProperty as (this: unknown, key: PropertyKey) => boolean,
);
export const ArrayPush = uncurry(Array.prototype.push as (this: unknown[], ...items: unknown[]) => number);
export const ArrayJoin = uncurry(Array.prototype.join as (this: unknown[], sep?: string) => string);
export const StringSlice = uncurry(String.prototype.slice);
export const StringIncludes = uncurry(String.prototype.includes);
export const StringReplace = uncurry(String.prototype.replace as (this: string, p: RegExp, r: string) => string);
export const StringCharCodeAt = uncurry(String.prototype.charCodeAt);
export const StringRepeat = uncurry(String.prototype.repeat);
export const StringIndexOf = uncurry(String.prototype.indexOf);
export const StringStartsWith = uncurry(String.prototype.startsWith);
export const RegExpTest = uncurry(RegExp.prototype.test);
export const RegExpToString = uncurry(RegExp.prototype.toString);
export const SymbolToString = uncurry(Symbol.prototype.toString);
export const BigIntToString = uncurry(BigInt.prototype.toString as (this: bigint) => string);
export const DateGetTime = uncurry(Date.prototype.getTime);
export const DateToISOString = uncurry(Date.prototype.toISOString);
export const MapGet = uncurry(Map.prototype.get as (this: Map<unknown, unknown>, k: unknown) => unknown);
export const MapSet = uncurry(Map.prototype.set as (this: Map<unknown, unknown>, k: unknown, v: unknown) => Map<unknown, unknown>);
export const MapHas = uncurry(Map.prototype.has as (this: Map<unknown, unknown>, k: unknown) => boolean);
export const MapDelete = uncurry(Map.prototype.delete as (this: Map<unknown, unknown>, k: unknown) => boolean);
export const MapForEach = uncurry(
  Map.prototype.forEach as (this: Map<unknown, unknown>, cb: (v: unknown, k: unknown) => void) => void,
);
export const SetAdd = uncurry(Set.prototype.add as (this: Set<unknown>, v: unknown) => Set<unknown>);
export const SetHas = uncurry(Set.prototype.has as (this: Set<unknown>, v: unknown) => boolean);
export const SetDelete = uncurry(Set.prototype.delete as (this: Set<unknown>, v: unknown) => boolean);
export const SetForEach = uncurry(Set.prototype.forEach as (this: Set<unknown>, cb: (v: unknown) => void) => void);
export const WeakMapCtor = WeakMap;
export const PromisePrototype = Promise.prototype;
export const ArrayBufferSlice = uncurry(ArrayBuffer.prototype.slice);

const typedArrayProto = ObjectGetPrototypeOf(Uint8Array.prototype) as object;
export const MapSize = getter<number>(Map.prototype, "size");
export const SetSize = getter<number>(Set.prototype, "size");
export const ArrayBufferByteLength = getter<number>(ArrayBuffer.prototype, "byteLength");
export const TypedArrayLength = getter<number>(typedArrayProto, "length");
export const TypedArrayTag = getter<string | undefined>(typedArrayProto, Symbol.toStringTag as unknown as string);
const regExpSource = getter<string>(RegExp.prototype, "source");

/** Brand checks that a cell cannot fool by faking a prototype. */
function brandCheck(check: (v: unknown) => unknown): (v: unknown) => boolean {
  return (v) => {
    if (typeof v !== "object" || v === null) return false;
    try {
      check(v);
      return true;
    } catch {
      return false;
    }
  };
}

export const isMap = brandCheck(MapSize) as (v: unknown) => v is Map<unknown, unknown>;
export const isSet = brandCheck(SetSize) as (v: unknown) => v is Set<unknown>;
export const isDate = brandCheck((v) => DateGetTime(v as Date)) as (v: unknown) => v is Date;
export const isRegExp = brandCheck(regExpSource) as (v: unknown) => v is RegExp;
export const isArrayBuffer = brandCheck(ArrayBufferByteLength) as (v: unknown) => v is ArrayBuffer;
export const isTypedArray = (v: unknown): v is Uint8Array =>
  typeof v === "object" && v !== null && TypedArrayTag(v) !== undefined;
export const isError = (v: unknown): v is Error =>
  typeof v === "object" && v !== null && ObjectPrototypeIsPrototypeOf(ErrorPrototype, v);
export const isPromise = (v: unknown): boolean =>
  typeof v === "object" && v !== null && ObjectPrototypeIsPrototypeOf(PromisePrototype, v);

/** A descriptor object that prototype getters on Object.prototype cannot reinterpret. */
export function defineValue(target: object, key: PropertyKey, value: unknown, enumerable = true): void {
  const descriptor = ObjectCreate(null) as PropertyDescriptor;
  descriptor.value = value;
  descriptor.writable = true;
  descriptor.enumerable = enumerable;
  descriptor.configurable = true;
  ObjectDefineProperty(target, key, descriptor);
}
