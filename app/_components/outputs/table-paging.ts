import type { TableValue } from "@/protocol/outputs";
import { formatCount } from "./units";
import { summarizeValue } from "./value-format";

/** Used when an output's page size is missing or not a positive number. */
export const DEFAULT_PAGE_SIZE = 25;

/** A page size that paging can work with. */
export function usablePageSize(pageSize: number): number {
  return Number.isFinite(pageSize) && pageSize >= 1 ? Math.floor(pageSize) : DEFAULT_PAGE_SIZE;
}

/**
 * How many pages `rowCount` rows fill; an empty table still has one (empty) page.
 *
 * @example
 * pageCount(101, 25) // 5
 */
export function pageCount(rowCount: number, pageSize: number): number {
  return Math.max(1, Math.ceil(rowCount / usablePageSize(pageSize)));
}

/** A 0-based page index kept within the table (the row count may shrink under it on a re-run). */
export function clampPage(page: number, rowCount: number, pageSize: number): number {
  const last = pageCount(rowCount, pageSize) - 1;
  return Math.min(Math.max(0, Math.floor(page) || 0), last);
}

/**
 * The rows of one 0-based page.
 *
 * @example
 * pageRows([r0, r1, r2], 1, 2) // [r2]
 */
export function pageRows<T>(rows: readonly T[], page: number, pageSize: number): T[] {
  const size = usablePageSize(pageSize);
  const start = clampPage(page, rows.length, size) * size;
  return rows.slice(start, start + size);
}

/**
 * Which rows a page shows, out of how many; `total` is the row count before
 * the kernel's limit, so a cut table says how many rows were kept.
 *
 * @example
 * describePage(1, 500, 25, 10_000) // "Rows 26–50 of 10,000 (first 500 kept)"
 */
export function describePage(page: number, kept: number, pageSize: number, total: number): string {
  const size = usablePageSize(pageSize);
  const all = Math.max(total, kept);
  const cut = all > kept ? ` (first ${formatCount(kept)} kept)` : "";
  if (kept === 0) return all === 0 ? "No rows" : `0 of ${formatCount(all)} rows kept`;
  const first = clampPage(page, kept, size) * size;
  const last = Math.min(first + size, kept);
  return `Rows ${formatCount(first + 1)}–${formatCount(last)} of ${formatCount(all)}${cut}`;
}

/**
 * A table cell as text: scalars as they are, anything else as its one-line preview.
 *
 * @example
 * formatTableValue(null) // "null"
 */
export function formatTableValue(value: TableValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return summarizeValue(value, 1);
}

/** Numbers line up on the right. */
export function isNumericValue(value: TableValue): boolean {
  return typeof value === "number" || (typeof value === "object" && value !== null && (value.t === "number" || value.t === "bigint"));
}
