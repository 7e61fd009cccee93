"use client";

import type * as Monaco from "monaco-editor";
import { useEffect, useRef } from "react";
import type * as Y from "yjs";
import { resolveAnchor } from "@/app/_lib/comments";
import type { ThreadView } from "@/protocol/comments";

/** What a cell's editor shows of its comments. */
export interface EditorComments {
  /** The cell's open threads; the anchored ones are highlighted. */
  open: ThreadView[];
  activeId: string | null;
  activate(threadId: string): void;
  register(editor: Monaco.editor.ICodeEditor): () => void;
}

/** The first words of a thread, for the highlight's hover. */
function hoverOf(thread: ThreadView): string {
  const first = thread.comments[0];
  if (!first) return "Comment";
  const text = first.body.length > 140 ? `${first.body.slice(0, 140)}…` : first.body;
  return `**${first.author?.name ?? "Deleted user"}**: ${text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, "\\$&")}`;
}

/**
 * Highlights the text ranges of a cell's open threads in its Monaco editor.
 * Ranges are re-read from the threads' relative positions after every change
 * of the text (anyone's), so they follow edits; a range whose text was
 * deleted is not drawn. A click inside a range brings its thread forward.
 *
 * @example
 * useAnchorDecorations(editor, source, comments);
 */
export function useAnchorDecorations(editor: Monaco.editor.ICodeEditor | null, source: Y.Text, comments: EditorComments | undefined): void {
  const latest = useRef(comments);
  latest.current = comments;
  const open = comments?.open;
  const activeId = comments?.activeId ?? null;

  useEffect(() => {
    if (!editor) return;
    return latest.current?.register(editor);
  }, [editor]);

  useEffect(() => {
    const model = editor?.getModel();
    const doc = source.doc;
    if (!editor || !model || !doc || !open) return;
    const collection = editor.createDecorationsCollection();
    let ranges: Array<{ id: string; from: number; to: number }> = [];
    let frame = 0;
    const paint = () => {
      frame = 0;
      ranges = open.flatMap((thread) => {
        const range = resolveAnchor(thread, doc, source);
        return range && range.to <= model.getValueLength() ? [{ id: thread.id, ...range }] : [];
      });
      collection.set(
        ranges.map(({ id, from, to }) => {
          const start = model.getPositionAt(from);
          const end = model.getPositionAt(to);
          const thread = open.find((t) => t.id === id)!;
          return {
            range: { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column },
            options: {
              inlineClassName: id === activeId ? "comment-range comment-range-active" : "comment-range",
              hoverMessage: { value: hoverOf(thread) },
              // 1 = NeverGrowsWhenTypingAtEdges, like the anchors themselves.
              stickiness: 1,
            },
          };
        }),
      );
    };
    // The binding updates the model and the Y.Text one after the other: paint once both are done.
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(paint);
    };
    paint();
    const disposables = [
      model.onDidChangeContent(schedule),
      editor.onMouseDown((event) => {
        const position = event.target.position;
        if (!position || !event.event.leftButton) return;
        const offset = model.getOffsetAt(position);
        const hit = ranges.find((r) => r.from <= offset && offset <= r.to);
        if (hit) latest.current?.activate(hit.id);
      }),
    ];
    return () => {
      cancelAnimationFrame(frame);
      for (const disposable of disposables) disposable.dispose();
      collection.clear();
    };
  }, [editor, source, open, activeId]);
}
