"use client";

import { useImperativeHandle, useRef, type Ref } from "react";

export interface FilePickerHandle {
  /** Opens the browser's file chooser. */
  pick(): void;
}

interface Props {
  ref: Ref<FilePickerHandle>;
  accept: string;
  /** The input's accessible name (it is visually hidden; a button opens it). */
  label: string;
  onFile(file: File): void;
  testId?: string;
}

/** A hidden file input opened by a button elsewhere; choosing the same file twice still reports it. */
export function FilePicker({ ref, accept, label, onFile, testId }: Props) {
  const input = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => ({ pick: () => input.current?.click() }), []);
  return (
    <input
      ref={input}
      type="file"
      className="sr-only"
      tabIndex={-1}
      accept={accept}
      aria-label={label}
      data-testid={testId}
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = "";
        if (file) onFile(file);
      }}
    />
  );
}
