"use client";

import type * as Monaco from "monaco-editor";
import { useCallback, useMemo, useRef, useState } from "react";
import { anchorRange } from "@/app/_lib/comments";
import type { ThreadView } from "@/protocol/comments";
import type { CellEntry } from "../editor/useCells";
import { openThreadsByCell } from "./thread-list";
import type { EditorComments } from "./useAnchorDecorations";
import { useThreads, type Threads } from "./useThreads";

const NO_THREADS: ThreadView[] = [];

/** A thread being written: its cell and, when text was selected, the range. */
export interface CommentDraft {
  cellId: string;
  anchor: ReturnType<typeof anchorRange> | null;
}

/** What one cell needs: its open threads (badge, highlights) and the ways into the panel. */
export interface CellComments extends EditorComments {
  canComment: boolean;
  /** Starts a thread on the cell, on the text selected in its editor if any. */
  start(): void;
  /** Opens the panel on this cell's threads. */
  show(): void;
}

export interface CommentsUi extends Threads {
  panelOpen: boolean;
  setPanelOpen(open: boolean): void;
  onlySelected: boolean;
  setOnlySelected(only: boolean): void;
  draft: CommentDraft | null;
  cancelDraft(): void;
  activeId: string | null;
  activate(threadId: string): void;
  openCount: number;
  forCell(cell: CellEntry): CellComments;
}

/**
 * The comment side of the editor: the live threads, the panel's state, the
 * thread being written and the thread in focus (emphasised in its cell).
 * `selectCell` is the notebook's, so showing a thread selects its cell.
 */
export function useCommentsUi(notebookId: string, canComment: boolean, selectCell: (cellId: string) => void): CommentsUi {
  const threads = useThreads(notebookId);
  const [panelOpen, setPanelOpen] = useState(false);
  const [onlySelected, setOnlySelected] = useState(false);
  const [draft, setDraft] = useState<CommentDraft | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const editors = useRef(new Map<string, Monaco.editor.ICodeEditor>());
  const openByCell = useMemo(() => openThreadsByCell(threads.threads), [threads.threads]);

  const activate = useCallback(
    (threadId: string) => {
      const thread = threads.threads.find((t) => t.id === threadId);
      setActiveId(threadId);
      setPanelOpen(true);
      if (thread) selectCell(thread.cellId);
    },
    [selectCell, threads.threads],
  );

  const start = (cell: CellEntry) => {
    const editor = editors.current.get(cell.id);
    const selection = editor?.getSelection();
    const model = editor?.getModel();
    let anchor: CommentDraft["anchor"] = null;
    if (selection && model && !selection.isEmpty()) {
      anchor = anchorRange(cell.source, model.getOffsetAt(selection.getStartPosition()), model.getOffsetAt(selection.getEndPosition()));
    }
    setDraft({ cellId: cell.id, anchor });
    setActiveId(null);
    setPanelOpen(true);
    selectCell(cell.id);
  };

  const create = async (...args: Parameters<Threads["create"]>) => {
    const thread = await threads.create(...args);
    setDraft(null);
    setActiveId(thread.id);
    return thread;
  };

  const forCell = (cell: CellEntry): CellComments => ({
    open: openByCell.get(cell.id) ?? NO_THREADS,
    activeId,
    canComment,
    start: () => start(cell),
    show: () => {
      selectCell(cell.id);
      setOnlySelected(true);
      setPanelOpen(true);
    },
    activate: (threadId) => {
      setActiveId(threadId);
      setPanelOpen(true);
    },
    register: (editor) => {
      editors.current.set(cell.id, editor);
      return () => {
        if (editors.current.get(cell.id) === editor) editors.current.delete(cell.id);
      };
    },
  });

  let openCount = 0;
  for (const list of openByCell.values()) openCount += list.length;

  return {
    ...threads,
    create,
    panelOpen,
    setPanelOpen,
    onlySelected,
    setOnlySelected,
    draft: canComment ? draft : null,
    cancelDraft: () => setDraft(null),
    activeId,
    activate,
    openCount,
    forCell,
  };
}
