"use client";

import { useCallback, useRef, useState } from "react";
import { Alert, Notice } from "@/app/_components/Alert";
import { ConfirmDialog } from "@/app/_components/ConfirmDialog";
import { Dialog } from "@/app/_components/Dialog";
import { useLoaded } from "@/app/_components/useLoaded";
import { ApiError, errorMessage } from "@/app/_lib/api";
import { deleteFile, formatBytes, listFiles, uploadFile } from "@/app/_lib/files";
import { formatDate } from "@/app/_lib/format";
import { FilePicker, type FilePickerHandle } from "../transfer/FilePicker";

interface Props {
  notebookId: string;
  /** Upload and delete are offered to people who may edit. */
  canEdit: boolean;
  onClose(): void;
}

/**
 * The notebook's uploaded files: what cells load with `data.load(name)`.
 * Editors upload (a file of the same name is replaced only after asking)
 * and delete; everyone who can read the notebook sees the list.
 */
export function FilesDialog({ notebookId, canEdit, onClose }: Props) {
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [replacing, setReplacing] = useState<File | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const picker = useRef<FilePickerHandle>(null);

  const [files, , load] = useLoaded(useCallback(() => listFiles(notebookId), [notebookId]), setError);

  async function upload(file: File, replace: boolean) {
    setBusy(file.name);
    setError("");
    setNotice("");
    try {
      const saved = await uploadFile(notebookId, file, replace);
      setNotice(`Uploaded ${saved.name} (${formatBytes(saved.bytes)}). Load it in a cell with data.load(${JSON.stringify(saved.name)}).`);
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.code === "conflict") setReplacing(file);
      else setError(`The upload failed: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Dialog title="Files" onClose={onClose} testId="files-dialog" wide>
      <div className="stack">
        <p className="muted small">
          Files uploaded to this notebook stay on the server; cells load them with <code>data.load(&quot;name&quot;)</code>.
        </p>
        {canEdit && (
          <div>
            <button type="button" className="button" disabled={busy !== null} onClick={() => picker.current?.pick()} data-testid="upload-file">
              {busy ? `Uploading ${busy}…` : "Upload a file…"}
            </button>
            <FilePicker ref={picker} accept="" label="Upload a data file" onFile={(file) => void upload(file, false)} testId="upload-file-input" />
          </div>
        )}
        <Alert>{error}</Alert>
        <Notice>{notice}</Notice>
        {files === null ? (
          !error && <p className="muted small">Loading…</p>
        ) : files.length === 0 ? (
          <p className="muted small" data-testid="files-empty">
            No files yet.
          </p>
        ) : (
          <table className="table table-compact" aria-label="Uploaded files" data-testid="files-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Size</th>
                <th>Uploaded</th>
                {canEdit && <th aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.name} data-testid="file-row">
                  <td>
                    <code>{file.name}</code>
                  </td>
                  <td>{formatBytes(file.bytes)}</td>
                  <td>{formatDate(file.uploadedAt)}</td>
                  {canEdit && (
                    <td className="actions-end">
                      <button type="button" className="button button-small" onClick={() => setDeleting(file.name)} aria-label={`Delete ${file.name}`}>
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {replacing && (
        <ConfirmDialog
          title={`Replace ${replacing.name}?`}
          confirmLabel="Replace"
          onClose={() => setReplacing(null)}
          onConfirm={() => upload(replacing, true)}
        >
          This notebook already has a file named {replacing.name}. Cells that load it will read the new one when they run again.
        </ConfirmDialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting}?`}
          confirmLabel="Delete"
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await deleteFile(notebookId, deleting);
            setNotice(`Deleted ${deleting}.`);
            await load();
          }}
        >
          Cells that load {deleting} will fail until it is uploaded again. Datasets already loaded in the kernel are kept.
        </ConfirmDialog>
      )}
    </Dialog>
  );
}
