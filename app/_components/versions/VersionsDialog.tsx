"use client";

import { useCallback, useState } from "react";
import { Alert, Notice } from "@/app/_components/Alert";
import { ConfirmDialog } from "@/app/_components/ConfirmDialog";
import { Dialog } from "@/app/_components/Dialog";
import { useLoaded } from "@/app/_components/useLoaded";
import { listVersions, restoreVersion } from "@/app/_lib/versions";
import type { VersionView } from "@/protocol/versions";
import { SaveVersionForm } from "./SaveVersionForm";
import { VersionDiff } from "./VersionDiff";
import { VersionList } from "./VersionList";

interface Props {
  notebookId: string;
  /** Save and restore are offered to people who may edit. */
  canEdit: boolean;
  onClose(): void;
}

/**
 * The notebook's versions: save one, pick one to see what changed since,
 * restore it. A restore is an ordinary edit, so the open notebook follows by itself.
 */
export function VersionsDialog({ notebookId, canEdit, onClose }: Props) {
  const [selected, setSelected] = useState<VersionView | null>(null);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [revision, setRevision] = useState(0);

  const [versions, setVersions, load] = useLoaded(useCallback(() => listVersions(notebookId), [notebookId]), setError);

  const choose = (version: VersionView) => {
    setSelected(version);
    setNotice("");
  };

  return (
    <Dialog title="Versions" onClose={onClose} testId="versions-dialog" className="dialog-versions">
      <div className="versions">
        <div className="versions-side">
          {canEdit && (
            <SaveVersionForm
              notebookId={notebookId}
              onSaved={(version) => {
                setNotice(`Saved “${version.name}”.`);
                setVersions((list) => [version, ...(list ?? [])]);
              }}
            />
          )}
          <Alert>{error}</Alert>
          {versions === null ? !error && <p className="muted small">Loading…</p> : <VersionList versions={versions} selectedId={selected?.id ?? null} onSelect={choose} />}
        </div>
        <div className="versions-main">
          <Notice>{notice}</Notice>
          {selected ? (
            <VersionDiff
              notebookId={notebookId}
              version={selected}
              revision={revision}
              restore={
                canEdit && (
                  <button type="button" className="button button-small" onClick={() => setConfirming(true)}>
                    Restore…
                  </button>
                )
              }
            />
          ) : (
            <p className="versions-hint muted">Pick a version to see what changed since, cell by cell{canEdit ? ", and to restore it" : ""}.</p>
          )}
        </div>
      </div>
      {confirming && selected && (
        <ConfirmDialog
          title="Restore this version?"
          confirmLabel="Restore"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const { restored, backup } = await restoreVersion(notebookId, selected.id);
            setNotice(`Restored “${restored.name}”. The cells before were saved as “${backup.name}”.`);
            setRevision((n) => n + 1);
            await load();
          }}
        >
          The cells become those of “{selected.name}”, for everyone with the notebook open. The notebook as it is now is saved first as an
          automatic version, so this can be undone by restoring that one.
        </ConfirmDialog>
      )}
    </Dialog>
  );
}
