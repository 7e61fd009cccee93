"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { errorMessage } from "@/app/_lib/api";
import { IMPORT_ACCEPT, importNotebook } from "@/app/_lib/transfer";
import { FilePicker, type FilePickerHandle } from "./FilePicker";

/**
 * The notebook list's "Import…": a .ipynb or percent .ts file becomes a new
 * notebook, which then opens; the server's reason for refusing a file goes to `onError`.
 */
export function ImportButton({ onError }: { onError(message: string): void }) {
  const router = useRouter();
  const picker = useRef<FilePickerHandle>(null);
  const [busy, setBusy] = useState(false);

  async function upload(file: File) {
    setBusy(true);
    onError("");
    try {
      const notebook = await importNotebook(file);
      router.push(`/notebooks/${notebook.id}`);
    } catch (e) {
      onError(`The import failed: ${errorMessage(e)}`);
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button" disabled={busy} onClick={() => picker.current?.pick()} title=".ipynb or percent-format .ts">
        {busy ? "Importing…" : "Import…"}
      </button>
      <FilePicker ref={picker} accept={IMPORT_ACCEPT} label="Import a notebook file" onFile={(file) => void upload(file)} testId="import-file" />
    </>
  );
}
