import type { DatasetVersionView } from "@/protocol/datasets";
import { diffSchemas, summarizeSchemaDiff, type SchemaChange } from "./schema-diff";
import { shortVersion } from "./version-label";

const nullable = (value: boolean | undefined) => (value === undefined ? "—" : value ? "yes" : "no");

function describe(row: SchemaChange): string {
  if (row.status === "changed") {
    return row.changes
      .map((c) => (c === "type" ? `type was ${row.before?.type ?? "unknown"}` : `nullable was ${nullable(row.before?.nullable)}`))
      .join(", ");
  }
  return row.status === "unchanged" ? "" : row.status;
}

/** The version's columns, each marked against the previous version's: added, changed (and how), removed. */
export function SchemaTable({ version, previous }: { version: DatasetVersionView; previous: DatasetVersionView | null }) {
  if (!version.schema) return <p className="muted">No schema was recorded for this version.</p>;
  const rows = diffSchemas(previous?.schema?.fields ?? (previous ? [] : version.schema.fields), version.schema.fields);
  return (
    <>
      <p className="muted small" data-testid="schema-diff-summary">
        {previous
          ? previous.schema
            ? `Compared with ${shortVersion(previous.version)}: ${summarizeSchemaDiff(rows)}.`
            : `The previous version (${shortVersion(previous.version)}) recorded no schema.`
          : "The first version of this dataset."}
      </p>
      <table className="table table-compact" data-testid="schema-table">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Nullable</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const field = row.after ?? row.before!;
            return (
              <tr key={row.name} className={`schema-${row.status}`} data-testid="schema-row" data-status={row.status}>
                <td className="mono">{row.name}</td>
                <td className="mono">{field.type ?? "—"}</td>
                <td>{nullable(field.nullable)}</td>
                <td className="small">{describe(row)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
