import { formatCount } from "@/app/_components/outputs/units";
import { formatDate } from "@/app/_lib/format";
import type { DatasetVersionView } from "@/protocol/datasets";
import { shortVersion } from "./version-label";

/** The versions, newest first; the chosen one is pressed. */
export function VersionList({ versions, selected, onSelect }: { versions: DatasetVersionView[]; selected: string | null; onSelect: (version: string) => void }) {
  return (
    <ol className="version-picker" aria-label="Versions">
      {versions.map((v, i) => (
        <li key={v.version}>
          <button
            type="button"
            className={v.version === selected ? "version-choice active" : "version-choice"}
            aria-pressed={v.version === selected}
            data-testid="dataset-version"
            data-version={v.version}
            onClick={() => onSelect(v.version)}
          >
            <span className="mono">{shortVersion(v.version)}</span>
            {i === 0 && <span className="badge">latest</span>}
            <span className="muted small">
              {formatDate(v.createdAt)} · {v.rowCount === null ? "rows unknown" : `${formatCount(v.rowCount)} rows`}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
