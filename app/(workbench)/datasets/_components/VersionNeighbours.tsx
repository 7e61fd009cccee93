import Link from "next/link";
import { versionNodeId, type DatasetVersionView, type LineageRunView } from "@/protocol/datasets";
import { lineagePath } from "../../lineage/_components/lineage-query";
import { RunLink } from "./RunLink";

function RunList({ title, runs, count, testId }: { title: string; runs: LineageRunView[]; count: number; testId: string }) {
  return (
    <div data-testid={testId}>
      <h3 className="subheading">
        {title} <span className="muted">({count})</span>
      </h3>
      {runs.length === 0 ? (
        <p className="muted small">None you can see.</p>
      ) : (
        <ul className="run-list">
          {runs.map((run) => (
            <li key={run.id}>
              <RunLink run={run} />
            </li>
          ))}
        </ul>
      )}
      {count > runs.length && <p className="muted small">and {count - runs.length} more in the lineage graph.</p>}
    </div>
  );
}

/** The runs that wrote and read this version, and the way into its lineage graph. */
export function VersionNeighbours({ datasetId, version }: { datasetId: string; version: DatasetVersionView }) {
  return (
    <div className="neighbours">
      <RunList title="Produced by" runs={version.producedBy} count={version.producedByCount} testId="produced-by" />
      <RunList title="Consumed by" runs={version.consumedBy} count={version.consumedByCount} testId="consumed-by" />
      <p>
        <Link href={lineagePath({ kind: "dataset_version", id: versionNodeId(datasetId, version.version) })} data-testid="version-lineage-link">
          Open this version in the lineage graph →
        </Link>
      </p>
    </div>
  );
}
