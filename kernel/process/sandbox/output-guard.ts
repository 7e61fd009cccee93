/**
 * Shape checks for JSON that comes out of the isolate. The prelude builds
 * well-formed outputs, but a cell can tamper with the built-ins it relies
 * on, so the host accepts only what matches the protocol types exactly.
 */
import type { CellOutput, TableValue, ValuePreview } from "@/protocol/outputs";

const MAX_PREVIEW_DEPTH = 64;

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";
const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

/** The outputs a sandbox may emit (errors, values and truncation markers are the owner's to write). */
export function checkEmittedOutput(value: unknown): CellOutput | null {
  if (!isRecord(value)) return null;
  switch (value.type) {
    case "stream":
      return (value.name === "stdout" || value.name === "stderr") && isString(value.text)
        ? { type: "stream", name: value.name, text: value.text }
        : null;
    case "markdown":
      return isString(value.text) ? { type: "markdown", text: value.text } : null;
    case "html":
      return isString(value.html) ? { type: "html", html: value.html } : null;
    case "chart":
      if (!isRecord(value.spec) || (value.id !== undefined && !isString(value.id))) return null;
      return isString(value.id) ? { type: "chart", spec: value.spec, id: value.id } : { type: "chart", spec: value.spec };
    case "progress":
      return isString(value.id) &&
        isString(value.label) &&
        isFiniteNumber(value.value) &&
        (value.total === null || isFiniteNumber(value.total)) &&
        typeof value.done === "boolean"
        ? { type: "progress", id: value.id, label: value.label, value: value.value, total: value.total, done: value.done }
        : null;
    case "table":
      return checkTable(value);
    default:
      return null;
  }
}

export function checkTable(value: unknown): Extract<CellOutput, { type: "table" }> | null {
  if (!isRecord(value) || value.type !== "table") return null;
  const { columns, rows, total, pageSize, caption } = value;
  if (!isStringArray(columns) || !Array.isArray(rows) || !isFiniteNumber(total) || !isFiniteNumber(pageSize)) return null;
  if (caption !== undefined && !isString(caption)) return null;
  const checkedRows: TableValue[][] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== columns.length) return null;
    const cells: TableValue[] = [];
    for (const cell of row) {
      if (cell === null || typeof cell === "boolean" || isString(cell) || isFiniteNumber(cell)) cells.push(cell);
      else if (checkPreview(cell)) cells.push(cell as ValuePreview);
      else return null;
    }
    checkedRows.push(cells);
  }
  const table: Extract<CellOutput, { type: "table" }> = { type: "table", columns, rows: checkedRows, total, pageSize };
  if (caption !== undefined) table.caption = caption;
  return table;
}

export function checkPreview(value: unknown, depth = 0): value is ValuePreview {
  if (!isRecord(value) || depth > MAX_PREVIEW_DEPTH) return false;
  const child = (v: unknown) => checkPreview(v, depth + 1);
  switch (value.t) {
    case "undefined":
    case "null":
    case "circular":
      return true;
    case "boolean":
      return typeof value.v === "boolean";
    case "number":
      return isFiniteNumber(value.v) || isString(value.v);
    case "string":
      return isString(value.v) && (value.truncated === undefined || isFiniteNumber(value.truncated));
    case "bigint":
    case "symbol":
    case "date":
    case "regexp":
      return isString(value.v);
    case "function":
      return isString(value.name);
    case "error":
      return isString(value.name) && isString(value.message);
    case "handle":
      return isString(value.kind) && isString(value.label);
    case "array":
    case "set":
      return (
        isFiniteNumber(value.t === "array" ? value.length : value.size) &&
        Array.isArray(value.items) &&
        value.items.every(child) &&
        isFiniteNumber(value.more)
      );
    case "map":
      return (
        isFiniteNumber(value.size) &&
        Array.isArray(value.entries) &&
        value.entries.every((e) => Array.isArray(e) && e.length === 2 && child(e[0]) && child(e[1])) &&
        isFiniteNumber(value.more)
      );
    case "object":
      return (
        (value.ctor === null || isString(value.ctor)) &&
        Array.isArray(value.entries) &&
        value.entries.every((e) => Array.isArray(e) && e.length === 2 && isString(e[0]) && child(e[1])) &&
        isFiniteNumber(value.more)
      );
    default:
      return false;
  }
}
