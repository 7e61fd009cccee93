import type { ValuePreview } from "@/protocol/outputs";

/** How many items or entries a one-line summary shows before "…". */
export const SUMMARY_ITEMS = 5;

/** One row under an expanded value: its key (index, property or map key) and its value. */
export interface TreeChild {
  key: string;
  value: ValuePreview;
}

export interface TreeChildren {
  children: TreeChild[];
  /** Items or entries the sandbox left out of the preview. */
  more: number;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A property name as written in an object literal: bare when it can be. */
export function formatKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

function list(parts: string[], left: number): string {
  const shown = parts.slice(0, SUMMARY_ITEMS);
  if (parts.length > SUMMARY_ITEMS || left > 0) shown.push("…");
  return shown.join(", ");
}

/**
 * A value on one line, as a console shows it collapsed. `depth` is how many
 * levels of nested arrays and objects are spelled out (0: only their size).
 *
 * @example
 * summarizeValue({ t: "array", length: 2, items: [{ t: "number", v: 1 }, { t: "string", v: "a" }], more: 0 })
 * // 'Array(2) [1, "a"]'
 */
export function summarizeValue(value: ValuePreview, depth = 1): string {
  switch (value.t) {
    case "undefined":
    case "null":
    case "circular":
      return value.t === "circular" ? "[Circular]" : value.t;
    case "boolean":
      return String(value.v);
    case "number":
      return String(value.v);
    case "bigint":
      return `${value.v}n`;
    case "string":
      return JSON.stringify(value.v) + (value.truncated ? `… (+${value.truncated} chars)` : "");
    case "symbol":
      return value.v.startsWith("Symbol(") ? value.v : `Symbol(${value.v})`;
    case "function":
      return `ƒ ${value.name || "anonymous"}()`;
    case "date":
    case "regexp":
      return value.v;
    case "error":
      return value.message ? `${value.name}: ${value.message}` : value.name;
    case "handle":
      return `${value.kind} ${value.label}`.trim();
    case "array": {
      const head = `Array(${value.length})`;
      if (depth <= 0) return value.length === 0 ? "[]" : `${head} […]`;
      return `${head} [${list(value.items.map((item) => summarizeValue(item, depth - 1)), value.more)}]`;
    }
    case "map": {
      const head = `Map(${value.size})`;
      if (depth <= 0) return value.size === 0 ? `${head} {}` : `${head} {…}`;
      const parts = value.entries.map(([k, v]) => `${summarizeValue(k, 0)} => ${summarizeValue(v, depth - 1)}`);
      return `${head} {${list(parts, value.more)}}`;
    }
    case "set": {
      const head = `Set(${value.size})`;
      if (depth <= 0) return value.size === 0 ? `${head} {}` : `${head} {…}`;
      return `${head} {${list(value.items.map((item) => summarizeValue(item, depth - 1)), value.more)}}`;
    }
    case "object": {
      const head = value.ctor && value.ctor !== "Object" ? `${value.ctor} ` : "";
      const empty = value.entries.length === 0 && value.more === 0;
      if (empty) return `${head}{}`;
      if (depth <= 0) return `${head}{…}`;
      const parts = value.entries.map(([k, v]) => `${formatKey(k)}: ${summarizeValue(v, depth - 1)}`);
      return `${head}{${list(parts, value.more)}}`;
    }
  }
}

/**
 * What an expanded value lists, or null for values that do not expand
 * (scalars, functions, handles...).
 *
 * @example
 * childrenOf({ t: "object", ctor: null, entries: [["a", { t: "null" }]], more: 2 })
 * // { children: [{ key: "a", value: { t: "null" } }], more: 2 }
 */
export function childrenOf(value: ValuePreview): TreeChildren | null {
  switch (value.t) {
    case "array":
    case "set":
      return { children: value.items.map((item, i) => ({ key: String(i), value: item })), more: value.more };
    case "map":
      return { children: value.entries.map(([k, v]) => ({ key: `${summarizeValue(k, 0)} =>`, value: v })), more: value.more };
    case "object":
      return { children: value.entries.map(([k, v]) => ({ key: formatKey(k), value: v })), more: value.more };
    default:
      return null;
  }
}

/** Whether the tree offers to expand this value. */
export function isExpandable(value: ValuePreview): boolean {
  const children = childrenOf(value);
  return children !== null && (children.children.length > 0 || children.more > 0);
}
