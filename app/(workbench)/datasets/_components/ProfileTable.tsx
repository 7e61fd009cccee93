import "@/app/_components/outputs/outputs.css";
import { ChartOutput } from "@/app/_components/outputs/ChartOutput";
import { readProfileFacet } from "@/primitives/lineage/facets";
import type { DatasetVersionView } from "@/protocol/datasets";
import { formatQuantiles, formatStat, miniHistogramSpec } from "./profile-format";

/** The `tracebook_profile` facet: one row per column with a small histogram; versions without one say so. */
export function ProfileTable({ version }: { version: DatasetVersionView }) {
  const read = readProfileFacet(version.facets);
  if (read.state === "absent") return <p className="muted" data-testid="profile-missing">No profile was recorded for this version.</p>;
  if (read.state === "invalid") return <p className="muted">The recorded profile could not be read ({read.message}).</p>;
  return (
    <div className="wide-table">
      <table className="table table-compact" data-testid="profile-table">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Distribution</th>
            <th scope="col" className="numeric">
              Count
            </th>
            <th scope="col" className="numeric">
              Nulls
            </th>
            <th scope="col" className="numeric">
              Distinct
            </th>
            <th scope="col">Min / max</th>
            <th scope="col" className="numeric">
              Mean
            </th>
            <th scope="col" className="numeric">
              Std
            </th>
            <th scope="col">Quantiles</th>
          </tr>
        </thead>
        <tbody>
          {read.value.columns.map((c) => (
            <tr key={c.name} data-testid="profile-row">
              <td>
                <div className="mono">{c.name}</div>
                <div className="muted small mono">{c.type}</div>
              </td>
              <td className="histogram-cell">{c.histogram ? <ChartOutput spec={miniHistogramSpec(c.histogram, c.name)} compact /> : <span className="muted">—</span>}</td>
              <td className="numeric">{formatStat(c.count)}</td>
              <td className="numeric">{formatStat(c.nulls)}</td>
              <td className="numeric">{formatStat(c.distinct)}</td>
              <td>
                <div className="stat-text" title={formatStat(c.min)}>
                  {formatStat(c.min)}
                </div>
                <div className="stat-text" title={formatStat(c.max)}>
                  {formatStat(c.max)}
                </div>
              </td>
              <td className="numeric">{formatStat(c.mean)}</td>
              <td className="numeric">{formatStat(c.std)}</td>
              <td className="small quantiles">{formatQuantiles(c.quantiles)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
