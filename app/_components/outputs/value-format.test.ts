import { expect, test } from "vitest";
import type { ValuePreview } from "@/protocol/outputs";
import { childrenOf, formatKey, isExpandable, summarizeValue } from "./value-format";

const num = (v: number | string): ValuePreview => ({ t: "number", v });
const str = (v: string, truncated?: number): ValuePreview => ({ t: "string", v, truncated });

test("scalars read as in a console", () => {
  expect(summarizeValue({ t: "undefined" })).toBe("undefined");
  expect(summarizeValue({ t: "null" })).toBe("null");
  expect(summarizeValue({ t: "boolean", v: false })).toBe("false");
  expect(summarizeValue(num(1.5))).toBe("1.5");
  expect(summarizeValue(num("NaN"))).toBe("NaN");
  expect(summarizeValue(num("-Infinity"))).toBe("-Infinity");
  expect(summarizeValue({ t: "bigint", v: "12345678901234567890" })).toBe("12345678901234567890n");
  expect(summarizeValue(str('say "hi"\n'))).toBe('"say \\"hi\\"\\n"');
  expect(summarizeValue(str("abc", 997))).toBe('"abc"… (+997 chars)');
  expect(summarizeValue({ t: "symbol", v: "Symbol(tag)" })).toBe("Symbol(tag)");
  expect(summarizeValue({ t: "symbol", v: "tag" })).toBe("Symbol(tag)");
  expect(summarizeValue({ t: "function", name: "train" })).toBe("ƒ train()");
  expect(summarizeValue({ t: "function", name: "" })).toBe("ƒ anonymous()");
  expect(summarizeValue({ t: "date", v: "2024-01-02T03:04:05.000Z" })).toBe("2024-01-02T03:04:05.000Z");
  expect(summarizeValue({ t: "regexp", v: "/a+/g" })).toBe("/a+/g");
  expect(summarizeValue({ t: "error", name: "TypeError", message: "x is not a function" })).toBe("TypeError: x is not a function");
  expect(summarizeValue({ t: "error", name: "AbortError", message: "" })).toBe("AbortError");
  expect(summarizeValue({ t: "handle", kind: "Tensor", label: "float32[3,4]" })).toBe("Tensor float32[3,4]");
  expect(summarizeValue({ t: "circular" })).toBe("[Circular]");
});

test("collections spell out one level and elide the rest", () => {
  const inner: ValuePreview = { t: "array", length: 2, items: [num(1), num(2)], more: 0 };
  const outer: ValuePreview = { t: "array", length: 3, items: [inner, str("a"), { t: "null" }], more: 0 };
  expect(summarizeValue(outer)).toBe('Array(3) [Array(2) […], "a", null]');
  expect(summarizeValue(outer, 2)).toBe('Array(3) [Array(2) [1, 2], "a", null]');
  expect(summarizeValue(outer, 0)).toBe("Array(3) […]");
  expect(summarizeValue({ t: "array", length: 0, items: [], more: 0 }, 0)).toBe("[]");
  expect(summarizeValue({ t: "array", length: 0, items: [], more: 0 })).toBe("Array(0) []");
});

test("long and cut collections end with an ellipsis", () => {
  const items = [1, 2, 3, 4, 5, 6, 7].map((n) => num(n));
  expect(summarizeValue({ t: "array", length: 7, items, more: 0 })).toBe("Array(7) [1, 2, 3, 4, 5, …]");
  expect(summarizeValue({ t: "array", length: 1000, items: items.slice(0, 2), more: 998 })).toBe("Array(1000) [1, 2, …]");
  expect(summarizeValue({ t: "set", size: 3, items: [num(1)], more: 2 })).toBe("Set(3) {1, …}");
});

test("objects and maps show their keys; class instances their class", () => {
  const object: ValuePreview = {
    t: "object",
    ctor: null,
    entries: [
      ["a", num(1)],
      ["two words", str("x")],
    ],
    more: 0,
  };
  expect(summarizeValue(object)).toBe('{a: 1, "two words": "x"}');
  expect(summarizeValue({ t: "object", ctor: "Point", entries: [["x", num(0)]], more: 0 })).toBe("Point {x: 0}");
  expect(summarizeValue({ t: "object", ctor: "Object", entries: [], more: 0 })).toBe("{}");
  expect(summarizeValue({ t: "object", ctor: "Model", entries: [["w", num(1)]], more: 0 }, 0)).toBe("Model {…}");
  const map: ValuePreview = { t: "map", size: 2, entries: [[str("k"), object]], more: 1 };
  expect(summarizeValue(map)).toBe('Map(2) {"k" => {…}, …}');
  expect(summarizeValue({ t: "map", size: 0, entries: [], more: 0 }, 0)).toBe("Map(0) {}");
});

test("expanding lists indexes, keys and map keys, and what was left out", () => {
  expect(childrenOf({ t: "array", length: 3, items: [num(1), num(2)], more: 1 })).toEqual({
    children: [
      { key: "0", value: num(1) },
      { key: "1", value: num(2) },
    ],
    more: 1,
  });
  expect(childrenOf({ t: "object", ctor: null, entries: [["my-key", num(1)]], more: 0 })).toEqual({
    children: [{ key: '"my-key"', value: num(1) }],
    more: 0,
  });
  expect(childrenOf({ t: "map", size: 1, entries: [[num(7), str("seven")]], more: 0 })?.children).toEqual([{ key: "7 =>", value: str("seven") }]);
  expect(childrenOf(num(1))).toBeNull();
  expect(isExpandable({ t: "array", length: 0, items: [], more: 0 })).toBe(false);
  expect(isExpandable({ t: "object", ctor: null, entries: [], more: 3 })).toBe(true);
  expect(isExpandable({ t: "function", name: "f" })).toBe(false);
  expect(formatKey("$ok_1")).toBe("$ok_1");
  expect(formatKey("1st")).toBe('"1st"');
});
