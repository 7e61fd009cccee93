import { expect, test } from "vitest";
import { clampPage, describePage, formatTableValue, isNumericValue, pageCount, pageRows, usablePageSize } from "./table-paging";

const rows = Array.from({ length: 12 }, (_, i) => [i]);

test("pages split the kept rows by the output's page size", () => {
  expect(pageCount(12, 5)).toBe(3);
  expect(pageCount(10, 5)).toBe(2);
  expect(pageCount(0, 5)).toBe(1);
  expect(pageRows(rows, 0, 5)).toEqual([[0], [1], [2], [3], [4]]);
  expect(pageRows(rows, 2, 5)).toEqual([[10], [11]]);
});

test("a page out of range falls back inside the table", () => {
  expect(clampPage(7, 12, 5)).toBe(2);
  expect(clampPage(-1, 12, 5)).toBe(0);
  expect(clampPage(Number.NaN, 12, 5)).toBe(0);
  expect(pageRows(rows, 9, 5)).toEqual([[10], [11]]);
});

test("a page size that cannot page falls back to the default", () => {
  expect(usablePageSize(0)).toBe(25);
  expect(usablePageSize(Number.NaN)).toBe(25);
  expect(usablePageSize(7.9)).toBe(7);
  expect(pageRows(rows, 0, 0)).toHaveLength(12);
});

test("the page caption says which rows, of how many, and what the limit cut", () => {
  expect(describePage(0, 12, 5, 12)).toBe("Rows 1–5 of 12");
  expect(describePage(2, 12, 5, 12)).toBe("Rows 11–12 of 12");
  expect(describePage(1, 500, 25, 10_000)).toBe("Rows 26–50 of 10,000 (first 500 kept)");
  expect(describePage(0, 0, 25, 0)).toBe("No rows");
  expect(describePage(0, 0, 25, 40)).toBe("0 of 40 rows kept");
});

test("cells show scalars as they are and other values as previews", () => {
  expect(formatTableValue("plain")).toBe("plain");
  expect(formatTableValue(3.5)).toBe("3.5");
  expect(formatTableValue(true)).toBe("true");
  expect(formatTableValue(null)).toBe("null");
  expect(formatTableValue({ t: "array", length: 2, items: [{ t: "number", v: 1 }, { t: "number", v: 2 }], more: 0 })).toBe("Array(2) [1, 2]");
  expect(isNumericValue(1)).toBe(true);
  expect(isNumericValue({ t: "bigint", v: "1" })).toBe(true);
  expect(isNumericValue("1")).toBe(false);
  expect(isNumericValue(null)).toBe(false);
});
