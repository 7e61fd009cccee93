import type { RunStatus, RunSummary, WireNumber } from "@/protocol/experiments";
import { identifier, type ColumnEntity } from "./identifiers";

/** A runs-table column: an attribute, or one param, metric or tag key. */
export interface RunColumn {
  /** Stable id: `<entity>:<key>`. */
  id: string;
  entity: ColumnEntity;
  key: string;
  label: string;
  /** The search-language identifier the column sorts on. */
  orderKey: string;
}

export type CellValue = { kind: "text"; text: string } | { kind: "number"; value: WireNumber } | { kind: "status"; status: RunStatus } | { kind: "missing" };

export function column(entity: ColumnEntity, key: string, label = key): RunColumn {
  return { id: `${entity}:${key}`, entity, key, label, orderKey: identifier(entity, key) };
}

/** The attribute columns every runs table shows first. */
export const ATTRIBUTE_COLUMNS: readonly RunColumn[] = [
  column("attributes", "run_name", "Run"),
  column("attributes", "status", "Status"),
  column("attributes", "start_time", "Started"),
];

/** How many params and metrics are shown before the user chooses: the first few of each. */
export const DEFAULT_VISIBLE = 6;

/** Column ids shown by default for an experiment's keys. */
export function defaultColumnIds(keys: { params: readonly string[]; metrics: readonly string[] }): string[] {
  return [...keys.metrics.slice(0, DEFAULT_VISIBLE).map((k) => `metrics:${k}`), ...keys.params.slice(0, DEFAULT_VISIBLE).map((k) => `params:${k}`)];
}

/** The chosen key columns in a stable order: metrics, then params, then tags, each by key. */
export function chosenColumns(keys: { params: readonly string[]; metrics: readonly string[]; tags: readonly string[] }, chosen: ReadonlySet<string>): RunColumn[] {
  const pick = (entity: ColumnEntity, list: readonly string[]) => list.filter((k) => chosen.has(`${entity}:${k}`)).map((k) => column(entity, k));
  return [...pick("metrics", keys.metrics), ...pick("params", keys.params), ...pick("tags", keys.tags)];
}

/** What a run shows in a column. */
export function cellValue(run: RunSummary, col: RunColumn): CellValue {
  switch (col.entity) {
    case "attributes":
      if (col.key === "status") return { kind: "status", status: run.status };
      if (col.key === "start_time") return { kind: "text", text: run.startTime };
      return { kind: "text", text: run.name };
    case "metrics": {
      const found = run.metrics.find((m) => m.key === col.key);
      return found ? { kind: "number", value: found.value } : { kind: "missing" };
    }
    case "params":
    case "tags": {
      const found = (col.entity === "params" ? run.params : run.tags).find((p) => p.key === col.key);
      return found ? { kind: "text", text: found.value } : { kind: "missing" };
    }
  }
}

/**
 * Shows a metric value: up to 4 significant digits, exponents for very large or
 * small magnitudes, the non-finite ones as written.
 *
 * @example
 * formatMetric(0.912345); // "0.9123"
 * formatMetric("NaN");    // "NaN"
 */
export function formatMetric(value: WireNumber): string {
  if (typeof value === "string") return value;
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** The sort a click on a column header asks for: a new column sorts descending first, the same column flips. */
export function nextOrder(current: { columnId: string; ascending: boolean } | null, col: RunColumn): { columnId: string; ascending: boolean } {
  if (current?.columnId === col.id) return { columnId: col.id, ascending: !current.ascending };
  return { columnId: col.id, ascending: col.entity === "attributes" && col.key === "run_name" };
}
