"use client";

import Editor from "@monaco-editor/react";
import type * as Monaco from "monaco-editor";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import type { CellKind } from "@/collab/doc";
import { useAnchorDecorations, type EditorComments } from "../comments/useAnchorDecorations";
import type { EditorKit } from "./monaco-kit";
import { cellModelPath } from "./typescript-setup";

/** What a cell's editor reports to the notebook; read through a ref, so they may change every render. */
export interface CellEditorEvents {
  onFocus(): void;
  onBlur(): void;
  onEscape(): void;
  onShiftEnter(): void;
  onCtrlEnter(): void;
  /** What was typed while this editor was still mounting (see useNotebookController). */
  takePendingInput(): string;
  /** The editor is ready (errors link to places in it); the returned function forgets it. */
  registerEditor(editor: Monaco.editor.IStandaloneCodeEditor): () => void;
}

interface Props {
  kit: EditorKit;
  cellId: string;
  kind: CellKind;
  source: Y.Text;
  awareness: Awareness;
  readOnly: boolean;
  /** The notebook wants this editor to hold the keyboard focus (edit mode). */
  focused: boolean;
  label: string;
  events: CellEditorEvents;
  /** The cell's comment threads, whose ranges are highlighted. */
  comments?: EditorComments;
}

const MIN_HEIGHT = 44;
// Widgets that Escape and Shift+Enter must keep working for.
const NO_WIDGET = "!suggestWidgetVisible && !parameterHintsVisible && !findWidgetVisible && !renameInputVisible";

function optionsFor(kind: CellKind, readOnly: boolean, label: string): Monaco.editor.IStandaloneEditorConstructionOptions {
  return {
    readOnly,
    domReadOnly: readOnly,
    readOnlyMessage: { value: "You can view this notebook but not edit it." },
    ariaLabel: label,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    lineNumbers: kind === "code" ? "on" : "off",
    lineNumbersMinChars: 3,
    glyphMargin: false,
    folding: false,
    wordWrap: kind === "markdown" ? "on" : "off",
    renderLineHighlightOnlyWhenFocus: true,
    overviewRulerLanes: 0,
    overviewRulerBorder: false,
    hideCursorInOverviewRuler: true,
    scrollbar: { vertical: "hidden", alwaysConsumeMouseWheel: false, useShadows: false },
    automaticLayout: true,
    fixedOverflowWidgets: true,
    fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
    fontSize: 13,
    lineHeight: 20,
    // Room above the first line for a remote cursor's name label.
    padding: { top: 16, bottom: 8 },
    tabSize: 2,
  };
}

/**
 * One cell's Monaco editor, bound to the cell's Y.Text with y-monaco: local
 * typing becomes Yjs updates, remote updates and remote cursors appear in
 * place. Ctrl/Cmd+Z undoes only this user's typing in this cell.
 */
export function CellEditor({ kit, cellId, kind, source, awareness, readOnly, focused, label, events, comments }: Props) {
  const [editor, setEditor] = useState<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const [height, setHeight] = useState(MIN_HEIGHT);
  const eventsRef = useRef(events);
  eventsRef.current = events;
  const options = useMemo(() => optionsFor(kind, readOnly, label), [kind, readOnly, label]);
  useAnchorDecorations(editor, source, comments);

  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model) return;
    const { monaco } = kit;
    const binding = new kit.MonacoBinding(source, model, new Set([editor]), awareness);
    // Only edits made through this binding, i.e. this user's typing, are undoable here.
    const undo = new Y.UndoManager(source, { trackedOrigins: new Set([binding]) });
    const { KeyMod, KeyCode } = monaco;
    const key = (id: string, keybindings: number[], run: () => void, keybindingContext?: string) =>
      editor.addAction({ id: `tracebook.${id}`, label: id, keybindings, keybindingContext, run });
    const disposables = [
      key("undo-own-edit", [KeyMod.CtrlCmd | KeyCode.KeyZ], () => undo.undo()),
      key("redo-own-edit", [KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyZ, KeyMod.CtrlCmd | KeyCode.KeyY], () => undo.redo()),
      key("command-mode", [KeyCode.Escape], () => eventsRef.current.onEscape(), NO_WIDGET),
      key("next-cell", [KeyMod.Shift | KeyCode.Enter], () => eventsRef.current.onShiftEnter(), NO_WIDGET),
      key("stay", [KeyMod.CtrlCmd | KeyCode.Enter], () => eventsRef.current.onCtrlEnter(), NO_WIDGET),
      editor.onDidFocusEditorText(() => eventsRef.current.onFocus()),
      editor.onDidBlurEditorText(() => eventsRef.current.onBlur()),
      editor.onDidContentSizeChange((e) => setHeight(Math.max(MIN_HEIGHT, e.contentHeight))),
    ];
    setHeight(Math.max(MIN_HEIGHT, editor.getContentHeight()));
    return () => {
      for (const disposable of disposables) disposable.dispose();
      undo.destroy();
      binding.destroy();
    };
  }, [editor, kit, source, awareness]);

  useEffect(() => {
    if (editor) return eventsRef.current.registerEditor(editor);
  }, [editor]);

  useEffect(() => {
    if (!focused || !editor || editor.hasTextFocus()) return;
    editor.focus();
    const early = eventsRef.current.takePendingInput();
    if (early && !readOnly) editor.trigger("keyboard", "type", { text: early });
  }, [focused, editor, readOnly]);

  return (
    <div className="cell-editor" style={{ height }} data-testid="cell-editor">
      <Editor
        height="100%"
        language={kind === "markdown" ? "markdown" : "typescript"}
        // One program of all code cells: their top-level declarations are visible to each other.
        path={cellModelPath(cellId, kind)}
        defaultValue=""
        theme="vs"
        options={options}
        loading={<span className="cell-editor-loading muted small">Loading editor…</span>}
        onMount={(instance) => setEditor(instance)}
      />
    </div>
  );
}
