/**
 * Table outputs: from `display.table(rows)` and from a cell whose value is an
 * array of plain records. Rows and columns are capped; `total` keeps the
 * real row count.
 */
import type { CellOutput, TableValue } from "../../../../protocol/outputs";
import type { SandboxLimits } from "../limits";
import {
  ArrayIsArray,
  ArrayPush,
  MapCtor,
  MapHas,
  MapSet,
  NumberIsFinite,
  NumberIsInteger,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  ObjectKeys,
  ObjectPrototype,
  StringCtor,
  TypeErrorCtor,
} from "./intrinsics";
import { previewValue, readHandle } from "./preview";
import { truncateString } from "./truncate";

export type TableLimits = Pick<
  SandboxLimits,
  "tableRows" | "tableColumns" | "tableCellChars" | "previewBreadth" | "previewNodes" | "maxStringChars"
>;

export interface TableSettings {
  columns?: readonly string[];
  caption?: string;
  pageSize?: number;
}

type TableOutput = Extract<CellOutput, { type: "table" }>;

const DEFAULT_PAGE_SIZE = 20;

/** A plain record: an object whose prototype is Object.prototype or null, not an array or a handle. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || ArrayIsArray(value) || readHandle(value)) return false;
  const proto = ObjectGetPrototypeOf(value) as object | null;
  return proto === null || proto === ObjectPrototype;
}

/** A non-empty array of plain records: shown as a table rather than a value preview. */
export function isRecordArray(value: unknown): value is Array<Record<string, unknown>> {
  if (!ArrayIsArray(value) || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (!isPlainRecord(readData(value, i))) return false;
  return true;
}

export function buildTable(rows: unknown, settings: TableSettings, limits: TableLimits): TableOutput {
  if (!ArrayIsArray(rows)) throw new TypeErrorCtor("display.table: rows must be an array of records or of arrays");
  const total = rows.length;
  const kept = total < limits.tableRows ? total : limits.tableRows;
  const sample: unknown[] = [];
  for (let i = 0; i < kept; i++) ArrayPush(sample, readData(rows, i));
  const arrays = sample.length > 0 && ArrayIsArray(sample[0]);
  for (let i = 0; i < sample.length; i++) {
    const ok = arrays ? ArrayIsArray(sample[i]) : typeof sample[i] === "object" && sample[i] !== null && !ArrayIsArray(sample[i]);
    if (!ok) {
      throw new TypeErrorCtor(`display.table: row ${i} is not ${arrays ? "an array" : "a record"}; rows must all be records or all be arrays`);
    }
  }
  const columns = settings.columns ? checkColumns(settings.columns, limits) : arrays ? arrayColumns(sample, limits) : recordColumns(sample, limits);
  const tableRows: TableValue[][] = [];
  for (let i = 0; i < sample.length; i++) {
    const row = sample[i] as object;
    const cells: TableValue[] = [];
    // Array rows are positional: given column names only label them.
    for (let c = 0; c < columns.length; c++) ArrayPush(cells, toTableValue(readData(row, arrays ? c : (columns[c] as string)), limits));
    ArrayPush(tableRows, cells);
  }
  const output: TableOutput = { type: "table", columns, rows: tableRows, total, pageSize: checkPageSize(settings.pageSize) };
  if (settings.caption !== undefined) output.caption = truncateString(StringCtor(settings.caption), limits.tableCellChars);
  return output;
}

function checkColumns(columns: readonly string[], limits: TableLimits): string[] {
  if (!ArrayIsArray(columns)) throw new TypeErrorCtor("display.table: options.columns must be an array of strings");
  const out: string[] = [];
  for (let i = 0; i < columns.length && out.length < limits.tableColumns; i++) {
    const name = columns[i];
    if (typeof name !== "string") throw new TypeErrorCtor("display.table: options.columns must be an array of strings");
    ArrayPush(out, name);
  }
  return out;
}

function checkPageSize(pageSize: unknown): number {
  if (pageSize === undefined) return DEFAULT_PAGE_SIZE;
  if (typeof pageSize !== "number" || !NumberIsInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new TypeErrorCtor("display.table: options.pageSize must be an integer from 1 to 1000");
  }
  return pageSize;
}

function recordColumns(rows: unknown[], limits: TableLimits): string[] {
  const seen = new MapCtor<unknown, boolean>();
  const columns: string[] = [];
  for (let i = 0; i < rows.length && columns.length < limits.tableColumns; i++) {
    const keys = ObjectKeys(rows[i] as object);
    for (let k = 0; k < keys.length && columns.length < limits.tableColumns; k++) {
      const key = keys[k] as string;
      if (!MapHas(seen, key)) {
        MapSet(seen, key, true);
        ArrayPush(columns, key);
      }
    }
  }
  return columns;
}

function arrayColumns(rows: unknown[], limits: TableLimits): string[] {
  let width = 0;
  for (let i = 0; i < rows.length; i++) {
    const length = (rows[i] as unknown[]).length;
    if (length > width) width = length;
  }
  if (width > limits.tableColumns) width = limits.tableColumns;
  const columns: string[] = [];
  for (let i = 0; i < width; i++) ArrayPush(columns, StringCtor(i));
  return columns;
}

/** Reads an own data property; a getter is shown as text, not run. */
function readData(target: object, key: string | number): unknown {
  const descriptor = ObjectGetOwnPropertyDescriptor(target, key);
  if (!descriptor) return undefined;
  return "value" in descriptor ? descriptor.value : "[Getter]";
}

export function toTableValue(value: unknown, limits: TableLimits): TableValue {
  switch (typeof value) {
    case "string":
      return truncateString(value, limits.tableCellChars);
    case "boolean":
      return value;
    case "number":
      return NumberIsFinite(value) ? value : previewValue(value, smallPreview(limits));
    case "undefined":
      return null;
  }
  if (value === null) return null;
  return previewValue(value, smallPreview(limits));
}

function smallPreview(limits: TableLimits) {
  return { previewDepth: 1, previewBreadth: 10, previewNodes: 50, maxStringChars: limits.tableCellChars };
}
