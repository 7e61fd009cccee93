"use client";

import type * as Monaco from "monaco-editor";
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import type * as Y from "yjs";
import { cellIds, type CellKind } from "@/collab/doc";
import type { CellLocation } from "@/protocol/outputs";
import { addCell, changeKind, createDeleteUndo, duplicateCell, removeCell, shiftCell } from "./cell-actions";
import type { CellEditorEvents } from "./CellEditor";
import type { CellToolbarActions } from "./CellToolbar";
import { commandForKey, type NotebookCommand } from "./command-keys";
import type { CellEntry } from "./useCells";

export type Mode = "command" | "edit";

export interface NotebookController {
  selected: string | null;
  mode: Mode;
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
  selectCell(id: string, target: EventTarget | null): void;
  enterEdit(id: string): void;
  addAt(index: number, kind: CellKind): void;
  actionsFor(id: string): CellToolbarActions;
  eventsFor(id: string): CellEditorEvents;
  /** Puts the caret at a place in a code cell (an error's stack frame) and scrolls it into view. */
  revealLocation(location: CellLocation): void;
  /** Selects a cell in command mode (a cell an error names). */
  showCell(id: string): void;
}

/** Runs one code cell; null for people who may not run. */
export type RunCell = ((id: string) => void) | null;

/** Keys typed into these belong to them, not to the notebook's command mode. */
const OWN_KEYS = ".monaco-editor, input, select, textarea, button, a";

/** Keeps a revealed line away from the sticky toolbars at the top of the page. */
const REVEAL_MARGIN_PX = 120;

/**
 * Selection, command and edit modes, and every cell operation of the
 * notebook page, as Jupyter does them. `container` is the element that holds
 * the keyboard focus in command mode. Shift+Enter and Ctrl/Cmd+Enter run a
 * code cell through `runCell` when the person may run.
 */
export function useNotebookController(
  doc: Y.Doc,
  cells: CellEntry[],
  readOnly: boolean,
  container: RefObject<HTMLElement | null>,
  runCell: RunCell,
): NotebookController {
  const [selected, setSelected] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>("command");
  const [deleteUndo, setDeleteUndo] = useState<Y.UndoManager | null>(null);
  const state = useRef({ selected, mode, cells, armedAt: null as number | null, lastIndex: 0, pendingInput: "" });
  state.current = { ...state.current, selected, mode, cells };
  const runRef = useRef(runCell);
  runRef.current = runCell;
  const editors = useRef(new Map<string, Monaco.editor.IStandaloneCodeEditor>());

  useEffect(() => {
    const undo = createDeleteUndo(doc);
    setDeleteUndo(undo);
    return () => undo.destroy();
  }, [doc]);

  // A selected cell that disappears (deleted here or elsewhere) hands the selection to its neighbour.
  useEffect(() => {
    const index = cells.findIndex((c) => c.id === selected);
    if (index >= 0) state.current.lastIndex = index;
    else if (cells.length > 0) setSelected(cells[Math.min(state.current.lastIndex, cells.length - 1)]!.id);
    else if (selected !== null) setSelected(null);
  }, [cells, selected]);

  // Command mode keeps the keyboard on the notebook, not in a cell's editor.
  useEffect(() => {
    if (mode !== "command") return;
    const active = document.activeElement;
    if (!active || active === document.body || active.closest(".monaco-editor")) container.current?.focus({ preventScroll: true });
  }, [mode, selected, container]);

  const focusNotebook = useCallback(() => container.current?.focus({ preventScroll: true }), [container]);

  const indexOf = (id: string | null) => state.current.cells.findIndex((c) => c.id === id);

  /** Markdown cells have nothing to run: Shift+Enter only moves on from them. */
  const runIfCode = useCallback((id: string) => {
    const cell = state.current.cells.find((c) => c.id === id);
    if (cell?.kind === "code") runRef.current?.(id);
  }, []);

  const addAt = useCallback(
    (index: number, kind: CellKind, edit = false) => {
      if (readOnly) return;
      setSelected(addCell(doc, index, kind));
      setMode(edit ? "edit" : "command");
    },
    [doc, readOnly],
  );

  /** Shift+Enter: the next cell, or a new one at the end (edited straight away). */
  const nextOrCreate = useCallback(
    (id: string) => {
      const index = indexOf(id);
      const next = state.current.cells[index + 1];
      if (next) {
        setSelected(next.id);
        setMode("command");
      } else if (!readOnly) addAt(index + 1, "code", true);
    },
    [addAt, readOnly],
  );

  const undoDelete = useCallback(
    (redo: boolean) => {
      if (!deleteUndo || readOnly) return;
      const before = new Set(cellIds(doc));
      if (redo) deleteUndo.redo();
      else deleteUndo.undo();
      const restored = cellIds(doc).find((id) => !before.has(id));
      if (restored) setSelected(restored);
    },
    [deleteUndo, doc, readOnly],
  );

  const run = useCallback(
    (command: NotebookCommand, id: string | null) => {
      if (!id) {
        // An empty notebook: A and B still add the first cell.
        if (command === "insert-above" || command === "insert-below") addAt(0, "code");
        return;
      }
      const index = indexOf(id);
      const cell = state.current.cells[index];
      if (!cell) return;
      const edits: Partial<Record<NotebookCommand, () => void>> = {
        "insert-above": () => addAt(index, "code"),
        "insert-below": () => addAt(index + 1, "code"),
        delete: () => removeCell(doc, id),
        "to-markdown": () => changeKind(doc, id, "markdown"),
        "to-code": () => changeKind(doc, id, "code"),
        "undo-delete": () => undoDelete(false),
        "redo-delete": () => undoDelete(true),
      };
      if (command in edits) {
        if (!readOnly) edits[command]!();
        return;
      }
      if (command === "edit" && (cell.kind === "code" || !readOnly)) setMode("edit");
      else if (command === "select-previous" && index > 0) setSelected(state.current.cells[index - 1]!.id);
      else if (command === "select-next" && index < state.current.cells.length - 1) setSelected(state.current.cells[index + 1]!.id);
      else if (command === "run-and-advance") {
        runIfCode(id);
        nextOrCreate(id);
      } else if (command === "run-in-place") runIfCode(id);
    },
    [addAt, doc, nextOrCreate, readOnly, undoDelete, runIfCode],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const target = event.target as HTMLElement;
      const id = state.current.selected;
      if (target.closest(OWN_KEYS)) return;
      if (state.current.mode === "edit") return bufferTyping(event);
      const now = Date.now();
      const command = commandForKey(event, state.current.armedAt, now);
      if (!command) return;
      event.preventDefault();
      state.current.armedAt = command === "arm-delete" ? now : null;
      run(command, id);
    },
    [run],
  );

  /**
   * Keys typed after Enter (or B, Enter) but before the cell's editor has
   * mounted and taken the focus: kept and handed to the editor, not lost and
   * not read as commands.
   */
  const bufferTyping = (event: KeyboardEvent<HTMLElement>) => {
    const { key, ctrlKey, metaKey, altKey } = event;
    if (ctrlKey || metaKey || altKey) return;
    if (key === "Escape") {
      state.current.pendingInput = "";
      setMode("command");
    } else if (key.length === 1 || key === "Enter" || key === "Tab") {
      state.current.pendingInput += key === "Enter" ? "\n" : key === "Tab" ? "\t" : key;
    } else return;
    event.preventDefault();
  };

  const selectCell = useCallback((id: string, target: EventTarget | null) => {
    setSelected(id);
    // A click into the editor switches to edit mode through its focus event.
    if (!(target instanceof Element && target.closest(".monaco-editor"))) setMode("command");
  }, []);

  const enterEdit = useCallback((id: string) => {
    setSelected(id);
    setMode("edit");
  }, []);

  const actionsFor = (id: string): CellToolbarActions => {
    const then = (action: () => void) => () => {
      action();
      focusNotebook();
    };
    return {
      addAbove: then(() => addAt(indexOf(id), "code")),
      addBelow: then(() => addAt(indexOf(id) + 1, "code")),
      moveUp: then(() => shiftCell(doc, id, -1)),
      moveDown: then(() => shiftCell(doc, id, 1)),
      duplicate: then(() => setSelected(duplicateCell(doc, id))),
      remove: then(() => removeCell(doc, id)),
      setKind: (kind) => then(() => changeKind(doc, id, kind))(),
    };
  };

  const eventsFor = (id: string): CellEditorEvents => ({
    onFocus: () => {
      setSelected(id);
      setMode("edit");
    },
    onBlur: () => {
      // Leaving the window is not leaving the cell: the focus comes back to the editor.
      if (document.hasFocus() && state.current.selected === id) setMode("command");
    },
    onEscape: () => {
      setMode("command");
      focusNotebook();
    },
    onShiftEnter: () => {
      runIfCode(id);
      nextOrCreate(id);
    },
    takePendingInput: () => {
      const text = state.current.pendingInput;
      state.current.pendingInput = "";
      return text;
    },
    onCtrlEnter: () => {
      runIfCode(id);
      setMode("command");
      focusNotebook();
    },
    registerEditor: (editor) => {
      editors.current.set(id, editor);
      return () => {
        if (editors.current.get(id) === editor) editors.current.delete(id);
      };
    },
  });

  const revealLocation = ({ cellId, line, column }: CellLocation) => {
    const editor = editors.current.get(cellId);
    if (!editor) {
      if (indexOf(cellId) >= 0) setSelected(cellId);
      return;
    }
    const position = { lineNumber: Math.max(1, line), column: Math.max(1, column) };
    setSelected(cellId);
    editor.setPosition(position);
    editor.focus();
    // After the selection has scrolled its cell into view: the line itself, clear of the toolbars.
    setTimeout(() => {
      const node = editor.getDomNode();
      if (!node) return;
      const top = node.getBoundingClientRect().top + editor.getTopForLineNumber(position.lineNumber);
      if (top < REVEAL_MARGIN_PX || top > window.innerHeight - 40) window.scrollBy({ top: top - window.innerHeight / 2 });
    }, 0);
  };

  const showCell = (id: string) => {
    if (indexOf(id) < 0) return;
    setSelected(id);
    setMode("command");
    focusNotebook();
  };

  return {
    selected,
    mode,
    onKeyDown,
    selectCell,
    enterEdit,
    addAt: (index, kind) => {
      addAt(index, kind);
      // From a button outside the cells: keys go back to the notebook, not to the button.
      focusNotebook();
    },
    actionsFor,
    eventsFor,
    revealLocation,
    showCell,
  };
}
