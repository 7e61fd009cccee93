/**
 * Console formatting, a small cut of Node's util.inspect: quoted nested
 * strings, `Map(n) {}`/`Set(n) {}`, class names, `[Circular]`, `[Object]`
 * past depth 2, line breaks past 72 characters and printf-style `%s %d %i %f
 * %j %o %O %c %%`. Like previews it reads data properties only.
 */
import {
  ArrayIsArray,
  ArrayJoin,
  ArrayPush,
  BigIntToString,
  DateGetTime,
  DateToISOString,
  FunctionPrototypeToString,
  isArrayBuffer,
  isDate,
  isError,
  isMap,
  isPromise,
  isRegExp,
  isSet,
  isTypedArray,
  JSONStringify,
  MapForEach,
  MapSize,
  MathFloor,
  NumberCtor,
  NumberIsFinite,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetOwnPropertySymbols,
  ObjectIs,
  ObjectKeys,
  RegExpTest,
  RegExpToString,
  SetForEach,
  SetSize,
  StringCharCodeAt,
  StringIncludes,
  StringReplace,
  StringSlice,
  StringStartsWith,
  SymbolToString,
  TypedArrayLength,
  TypedArrayTag,
  ArrayBufferByteLength,
} from "./intrinsics";
import { constructorName, dataProperty, functionName, readHandle } from "./preview";
import { safeString } from "./truncate";

const MAX_DEPTH = 2;
const MAX_ITEMS = 100;
const BREAK_LENGTH = 72;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

interface InspectState {
  ancestors: unknown[];
  indent: string;
}

/** Formats console arguments the way Node's console does. */
export function formatArgs(args: readonly unknown[]): string {
  const parts: string[] = [];
  let start = 0;
  const first = args[0];
  if (typeof first === "string" && args.length > 1 && StringIncludes(first, "%")) {
    const [text, used] = formatTemplate(first, args);
    ArrayPush(parts, text);
    start = used;
  }
  for (let i = start; i < args.length; i++) {
    const arg = args[i];
    ArrayPush(parts, typeof arg === "string" ? arg : inspect(arg));
  }
  return ArrayJoin(parts, " ");
}

function formatTemplate(template: string, args: readonly unknown[]): [string, number] {
  let out = "";
  let next = 1;
  let i = 0;
  while (i < template.length) {
    const code = StringCharCodeAt(template, i);
    if (code !== 37 /* % */ || i + 1 >= template.length) {
      out += template[i];
      i++;
      continue;
    }
    const spec = template[i + 1];
    if (spec === "%") {
      out += "%";
    } else if (next >= args.length || !StringIncludes("sdifjoOc", spec as string)) {
      out += `%${spec}`;
    } else {
      out += formatSpec(spec as string, args[next]);
      next++;
    }
    i += 2;
  }
  return [out, next];
}

function formatSpec(spec: string, arg: unknown): string {
  switch (spec) {
    case "s":
      return typeof arg === "string" ? arg : typeof arg === "bigint" ? `${BigIntToString(arg)}n` : inspect(arg, 1);
    case "d":
    case "i": {
      if (typeof arg === "bigint") return `${BigIntToString(arg)}n`;
      if (typeof arg === "symbol") return "NaN";
      const n = NumberCtor(arg);
      return formatNumber(spec === "i" ? (n < 0 ? -MathFloor(-n) : MathFloor(n)) : n);
    }
    case "f":
      return typeof arg === "symbol" ? "NaN" : formatNumber(NumberCtor(arg));
    case "j":
      try {
        return JSONStringify(arg) ?? "undefined";
      } catch {
        return "[Circular]";
      }
    case "c":
      return "";
    default:
      return inspect(arg, 4);
  }
}

function formatNumber(n: number): string {
  return ObjectIs(n, -0) ? "-0" : safeString(n);
}

/** One value as Node would show it nested in a console line. */
export function inspect(value: unknown, depth = MAX_DEPTH): string {
  return inspectAt(value, 0, depth, { ancestors: [], indent: "" });
}

function inspectAt(value: unknown, level: number, maxDepth: number, state: InspectState): string {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      return formatNumber(value);
    case "bigint":
      return `${BigIntToString(value)}n`;
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
      return "undefined";
    case "symbol":
      return SymbolToString(value);
    case "function":
      return inspectFunction(value);
  }
  if (value === null) return "null";
  return inspectObject(value as object, level, maxDepth, state);
}

function quote(text: string): string {
  const escaped = StringReplace(StringReplace(StringReplace(text, /\\/g, "\\\\"), /'/g, "\\'"), /\n/g, "\\n");
  return `'${escaped}'`;
}

function inspectFunction(fn: unknown): string {
  const name = functionName(fn);
  let source = "";
  try {
    source = FunctionPrototypeToString(fn);
  } catch {
    source = "";
  }
  if (StringStartsWith(source, "class")) return name ? `[class ${name}]` : "[class (anonymous)]";
  const kind = StringStartsWith(source, "async") ? "AsyncFunction" : "Function";
  return name ? `[${kind}: ${name}]` : `[${kind} (anonymous)]`;
}

function inspectObject(value: object, level: number, maxDepth: number, state: InspectState): string {
  const handle = readHandle(value);
  if (handle) return `<handle ${handle.kind} ${handle.label}>`;
  if (isDate(value)) return NumberIsFinite(DateGetTime(value)) ? DateToISOString(value) : "Invalid Date";
  if (isRegExp(value)) return RegExpToString(value);
  if (isError(value)) return inspectError(value);
  if (isPromise(value)) return "Promise { <unknown> }";
  for (let i = 0; i < state.ancestors.length; i++) if (ObjectIs(state.ancestors[i], value)) return "[Circular]";
  const ctor = constructorName(value);
  if (level > maxDepth) {
    if (ArrayIsArray(value)) return "[Array]";
    return `[${ctor ?? "Object: null prototype"}]`;
  }
  ArrayPush(state.ancestors, value);
  try {
    return inspectContainer(value, ctor, level, maxDepth, state);
  } finally {
    state.ancestors.length--;
  }
}

function inspectContainer(value: object, ctor: string | null, level: number, maxDepth: number, state: InspectState): string {
  const entries: string[] = [];
  const child = (v: unknown) => inspectAt(v, level + 1, maxDepth, state);
  if (ArrayIsArray(value)) {
    listItems(value, value.length, child, entries);
    addKeys(value, child, entries, true);
    return wrap(ctor === "Array" ? "" : `${ctor ?? "[Array: null prototype]"}(${value.length}) `, "[", "]", entries, level);
  }
  if (isTypedArray(value)) {
    const length = TypedArrayLength(value);
    listItems(value as unknown as ArrayLike<unknown>, length, child, entries);
    return wrap(`${TypedArrayTag(value) ?? "TypedArray"}(${length}) `, "[", "]", entries, level);
  }
  if (isArrayBuffer(value)) return `ArrayBuffer { byteLength: ${ArrayBufferByteLength(value)} }`;
  if (isMap(value)) {
    let count = 0;
    MapForEach(value, (v, k) => {
      if (count++ < MAX_ITEMS) ArrayPush(entries, `${child(k)} => ${child(v)}`);
    });
    if (count > MAX_ITEMS) ArrayPush(entries, `... ${count - MAX_ITEMS} more items`);
    return wrap(`Map(${MapSize(value)}) `, "{", "}", entries, level);
  }
  if (isSet(value)) {
    let count = 0;
    SetForEach(value, (v) => {
      if (count++ < MAX_ITEMS) ArrayPush(entries, child(v));
    });
    if (count > MAX_ITEMS) ArrayPush(entries, `... ${count - MAX_ITEMS} more items`);
    return wrap(`Set(${SetSize(value)}) `, "{", "}", entries, level);
  }
  addKeys(value, child, entries, false);
  const prefix = ctor === "Object" ? "" : ctor === null ? "[Object: null prototype] " : `${ctor} `;
  return wrap(prefix, "{", "}", entries, level);
}

function listItems(list: ArrayLike<unknown>, length: number, child: (v: unknown) => string, entries: string[]): void {
  const shown = length < MAX_ITEMS ? length : MAX_ITEMS;
  for (let i = 0; i < shown; i++) {
    const descriptor = ObjectGetOwnPropertyDescriptor(list, i);
    ArrayPush(entries, !descriptor ? "<empty item>" : "value" in descriptor ? child(descriptor.value) : accessorText(descriptor));
  }
  if (length > shown) ArrayPush(entries, `... ${length - shown} more item${length - shown === 1 ? "" : "s"}`);
}

function addKeys(value: object, child: (v: unknown) => string, entries: string[], skipIndices: boolean): void {
  const keys = ObjectKeys(value);
  let shown = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (skipIndices && RegExpTest(/^\d+$/, key)) continue;
    if (shown++ >= MAX_ITEMS) continue;
    const descriptor = ObjectGetOwnPropertyDescriptor(value, key);
    if (!descriptor) continue;
    const text = "value" in descriptor ? child(descriptor.value) : accessorText(descriptor);
    ArrayPush(entries, `${RegExpTest(IDENTIFIER, key) ? key : quote(key)}: ${text}`);
  }
  if (shown > MAX_ITEMS) ArrayPush(entries, `... ${shown - MAX_ITEMS} more properties`);
  const symbols = ObjectGetOwnPropertySymbols(value);
  for (let i = 0; i < symbols.length && i < MAX_ITEMS; i++) {
    const symbol = symbols[i] as symbol;
    const descriptor = ObjectGetOwnPropertyDescriptor(value, symbol);
    if (!descriptor || !descriptor.enumerable) continue;
    const text = "value" in descriptor ? child(descriptor.value) : accessorText(descriptor);
    ArrayPush(entries, `[${SymbolToString(symbol)}]: ${text}`);
  }
}

function accessorText(descriptor: PropertyDescriptor): string {
  return descriptor.get ? (descriptor.set ? "[Getter/Setter]" : "[Getter]") : "[Setter]";
}

function wrap(prefix: string, open: string, close: string, entries: string[], level: number): string {
  if (entries.length === 0) return `${prefix}${open}${close}`;
  let length = prefix.length + 4;
  let multiline = false;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as string;
    length += entry.length + 2;
    if (StringIncludes(entry, "\n")) multiline = true;
  }
  if (!multiline && length <= BREAK_LENGTH) return `${prefix}${open} ${ArrayJoin(entries, ", ")} ${close}`;
  const pad = "  ";
  const outer = StringSlice("                                        ", 0, level * 2);
  const lines: string[] = [];
  // Nested multi-line entries already carry their own (absolute) indentation.
  for (let i = 0; i < entries.length; i++) ArrayPush(lines, `${outer}${pad}${entries[i] as string}`);
  return `${prefix}${open}\n${ArrayJoin(lines, ",\n")}\n${outer}${close}`;
}

function inspectError(error: object): string {
  const stack = dataProperty(error, "stack");
  if (typeof stack === "string" && stack !== "") return stack;
  const name = safeString(dataProperty(error, "name") ?? "Error");
  const message = safeString(dataProperty(error, "message") ?? "");
  return message ? `[${name}: ${message}]` : `[${name}]`;
}
