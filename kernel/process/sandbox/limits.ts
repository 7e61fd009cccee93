/**
 * Bounds on everything a cell can make the sandbox produce. The prelude gets
 * a copy at boot and truncates early; the host enforces the byte limits again
 * because nothing coming out of the isolate is trusted.
 */
export interface SandboxLimits {
  /** Largest single output, as JSON bytes. */
  maxOutputBytes: number;
  /** All outputs of one run together, as JSON bytes (progress updates excluded). */
  maxRunOutputBytes: number;
  /** Output count of one run (progress updates excluded). */
  maxRunOutputs: number;
  /** A string inside an output or a console write is cut to this many characters. */
  maxStringChars: number;
  /** Value previews: nesting depth, items per level, nodes in all. */
  previewDepth: number;
  previewBreadth: number;
  previewNodes: number;
  /** Tables keep this many rows and columns; `total` keeps the real row count. */
  tableRows: number;
  tableColumns: number;
  /** A table cell's string is cut to this many characters. */
  tableCellChars: number;
  /** Error messages and stacks coming out of the sandbox. */
  maxMessageChars: number;
  maxStackChars: number;
  /** Minimum milliseconds between two emitted updates of one progress bar or live chart. */
  progressIntervalMs: number;
  /** How long an interrupted cell may take to yield before its isolate is disposed. */
  interruptGraceMs: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  maxOutputBytes: 1_000_000,
  maxRunOutputBytes: 5_000_000,
  maxRunOutputs: 10_000,
  maxStringChars: 100_000,
  previewDepth: 4,
  previewBreadth: 100,
  previewNodes: 2_000,
  tableRows: 1_000,
  tableColumns: 100,
  tableCellChars: 1_000,
  maxMessageChars: 10_000,
  maxStackChars: 16_000,
  progressIntervalMs: 100,
  interruptGraceMs: 250,
};

/** Cuts a host-side string to `max` characters with the same marker the prelude uses. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [${text.length - max} more characters truncated]`;
}
