/** Jupyter's command-mode keys, as plain data so they can be tested without a browser. */

export type NotebookCommand =
  | "edit"
  | "insert-above"
  | "insert-below"
  | "arm-delete"
  | "delete"
  | "to-markdown"
  | "to-code"
  | "undo-delete"
  | "redo-delete"
  | "select-previous"
  | "select-next"
  /** Shift+Enter: run a code cell, then the next cell (or a new one at the end). */
  | "run-and-advance"
  /** Ctrl/Cmd+Enter: run a code cell and stay on it. */
  | "run-in-place";

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** The second D of "D D" must follow the first within this many milliseconds. */
export const DOUBLE_PRESS_MS = 1000;

/**
 * The command a key press means in command mode; `armedAt` is when a first
 * D was pressed (D D deletes), or null.
 *
 * @example
 * commandForKey({ key: "d", shiftKey: false, ctrlKey: false, metaKey: false, altKey: false }, now - 200, now) // "delete"
 */
export function commandForKey(press: KeyPress, armedAt: number | null, now: number): NotebookCommand | null {
  const { key, shiftKey, ctrlKey, metaKey, altKey } = press;
  if (key === "Enter") {
    if (shiftKey) return "run-and-advance";
    if (ctrlKey || metaKey) return "run-in-place";
    return altKey ? null : "edit";
  }
  if (ctrlKey || metaKey || altKey) return null;
  switch (key) {
    case "ArrowUp":
      return "select-previous";
    case "ArrowDown":
      return "select-next";
  }
  switch (key.toLowerCase()) {
    case "a":
      return "insert-above";
    case "b":
      return "insert-below";
    case "d":
      return armedAt !== null && now - armedAt <= DOUBLE_PRESS_MS ? "delete" : "arm-delete";
    case "m":
      return "to-markdown";
    case "y":
      return "to-code";
    case "z":
      return shiftKey ? "redo-delete" : "undo-delete";
    case "k":
      return "select-previous";
    case "j":
      return "select-next";
    default:
      return null;
  }
}
