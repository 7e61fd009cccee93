import { formatDate } from "@/app/_lib/format";
import type { VersionView } from "@/protocol/versions";

interface Props {
  versions: VersionView[];
  selectedId: string | null;
  onSelect(version: VersionView): void;
}

/** The notebook's versions, newest first: name, manual or automatic, author and time. */
export function VersionList({ versions, selectedId, onSelect }: Props) {
  if (versions.length === 0) return <p className="muted small">No versions yet.</p>;
  return (
    <ul className="version-list" aria-label="Versions">
      {versions.map((version) => (
        <li key={version.id}>
          <button
            type="button"
            className={version.id === selectedId ? "version-item selected" : "version-item"}
            aria-pressed={version.id === selectedId}
            data-testid="version-item"
            onClick={() => onSelect(version)}
          >
            <span className="version-name">{version.name}</span>
            <span className="version-meta muted small">
              <span className={`badge badge-${version.kind}`}>{version.kind === "manual" ? "manual" : "auto"}</span>
              {version.createdBy?.name ?? "Deleted user"} · {formatDate(version.createdAt)}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
