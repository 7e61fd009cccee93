import "@/app/_components/outputs/outputs.css";
import { TableOutput } from "@/app/_components/outputs/TableOutput";
import { readSampleFacet, SAMPLE_MAX_ROWS } from "@/primitives/lineage/facets";
import type { DatasetVersionView } from "@/protocol/datasets";
import type { TableValue } from "@/protocol/outputs";

/** JSON values as a table shows them: scalars as they are, arrays and objects as JSON text. */
function toTableValue(value: unknown): TableValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/** The `tracebook_sample` facet through the notebook's table output; versions without one say so. */
export function SampleTable({ version }: { version: DatasetVersionView }) {
  const read = readSampleFacet(version.facets);
  if (read.state === "absent") return <p className="muted" data-testid="sample-missing">No sample rows were recorded for this version.</p>;
  if (read.state === "invalid") return <p className="muted">The recorded sample could not be read ({read.message}).</p>;
  const { columns, rows, truncated } = read.value;
  return (
    <div data-testid="sample-table">
      <TableOutput
        table={{
          type: "table",
          columns,
          rows: rows.map((row) => row.map(toTableValue)),
          total: truncated ? Math.max(version.rowCount ?? 0, rows.length) : rows.length,
          pageSize: SAMPLE_MAX_ROWS,
          caption: truncated ? `The first ${rows.length} rows` : undefined,
        }}
      />
    </div>
  );
}
