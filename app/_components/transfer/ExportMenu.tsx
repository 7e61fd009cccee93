"use client";

import { useCallback, useRef, useState } from "react";
import { ConfirmDialog } from "@/app/_components/ConfirmDialog";
import { useDismiss } from "@/app/_components/useDismiss";
import { errorMessage } from "@/app/_lib/api";
import { downloadExport, IMPORT_ACCEPT, replaceFromFile } from "@/app/_lib/transfer";
import type { NotebookFormat } from "@/protocol/transfer";
import { FilePicker, type FilePickerHandle } from "./FilePicker";

interface Props {
  notebookId: string;
  notebookName: string;
  /** "Replace from file…" is offered to people who may edit a notebook that is not in the trash. */
  canReplace: boolean;
  onError(message: string): void;
  onNotice(message: string): void;
}

const FORMATS: Array<{ format: NotebookFormat; label: string; hint: string }> = [
  { format: "ipynb", label: "Jupyter notebook (.ipynb)", hint: "cells, outputs and metadata" },
  { format: "percent", label: "Percent script (.ts)", hint: "Jupytext format, for git" },
];

/** The notebook page's file menu: download as .ipynb or percent .ts, and replace the cells from a file. */
export function ExportMenu({ notebookId, notebookName, canReplace, onError, onNotice }: Props) {
  const [open, setOpen] = useState(false);
  const [replacing, setReplacing] = useState<File | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const picker = useRef<FilePickerHandle>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);

  async function download(format: NotebookFormat) {
    setOpen(false);
    onError("");
    try {
      await downloadExport(notebookId, format);
    } catch (e) {
      onError(`The export failed: ${errorMessage(e)}`);
    }
  }

  return (
    <div className="menu" ref={root}>
      <button type="button" className="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
        Export <span aria-hidden="true" className="caret">▾</span>
      </button>
      {open && (
        <ul className="menu-panel" role="menu" aria-label="Export">
          {FORMATS.map(({ format, label, hint }) => (
            <li key={format} role="none">
              <button type="button" role="menuitem" onClick={() => void download(format)}>
                {label}
                <span className="muted small">{hint}</span>
              </button>
            </li>
          ))}
          {canReplace && (
            <li role="none" className="menu-separated">
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  setOpen(false);
                  picker.current?.pick();
                }}
              >
                Replace from file…
                <span className="muted small">.ipynb or percent .ts</span>
              </button>
            </li>
          )}
        </ul>
      )}
      <FilePicker ref={picker} accept={IMPORT_ACCEPT} label="Replace the cells from a file" onFile={setReplacing} testId="replace-file" />
      {replacing && (
        <ConfirmDialog
          title="Replace the cells?"
          confirmLabel="Replace"
          danger
          onClose={() => setReplacing(null)}
          onConfirm={async () => {
            onError("");
            const { backup, cells } = await replaceFromFile(notebookId, replacing);
            onNotice(`Replaced the cells with the ${cells} cell${cells === 1 ? "" : "s"} of ${replacing.name}. The cells before were saved as the version “${backup.name}”.`);
          }}
        >
          The cells of “{notebookName}” become those of <strong>{replacing.name}</strong>, for everyone with the notebook open. The cells as they are
          now are saved first as an automatic version (see Versions).
        </ConfirmDialog>
      )}
    </div>
  );
}
