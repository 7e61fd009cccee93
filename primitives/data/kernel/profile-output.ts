import type { CellOutput, TableValue } from "../../../protocol/outputs";
import { histogramSpec, profileTable, type DatasetProfile } from "../profile";

/**
 * How `data.profile` shows itself in the cell: one table (a row per column)
 * and one Vega-Lite chart with a histogram per column, side by side.
 */
const MAX_CHARTS = 24;

export function profileOutputs(profile: DatasetProfile): CellOutput[] {
  const rows = profileTable(profile);
  const columns = rows.length > 0 ? Object.keys(rows[0]!) : ["column"];
  const table: CellOutput = {
    type: "table",
    columns,
    rows: rows.map((row) => columns.map((c) => tableValue(row[c]))),
    total: rows.length,
    pageSize: 20,
    caption: `Profile of ${profile.datasetId}: ${profile.rowCount} rows, ${profile.columns.length} columns (quantiles ${profile.methods.quantiles}, distinct ${profile.methods.distinct})`,
  };
  const views = profile.columns
    .slice(0, MAX_CHARTS)
    .map(histogramSpec)
    .filter((spec): spec is Record<string, unknown> => spec !== null)
    .map(({ $schema: _schema, ...view }) => ({ ...view, width: 180, height: 120 }));
  if (views.length === 0) return [table];
  const chart: CellOutput = {
    type: "chart",
    spec: { $schema: "https://vega.github.io/schema/vega-lite/v6.json", columns: 3, concat: views },
  };
  return [table, chart];
}

/** Table cells hold finite numbers, strings, booleans or null. */
function tableValue(value: unknown): TableValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}
