"use client";

import type { CellKind } from "@/collab/doc";
import { Icon, type IconName } from "./Icon";

export interface CellToolbarActions {
  addAbove(): void;
  addBelow(): void;
  moveUp(): void;
  moveDown(): void;
  duplicate(): void;
  remove(): void;
  setKind(kind: CellKind): void;
}

function ToolButton({ icon, label, onClick, disabled }: { icon: IconName; label: string; onClick(): void; disabled?: boolean }) {
  return (
    <button type="button" className="cell-tool" aria-label={label} title={label} onClick={onClick} disabled={disabled}>
      <Icon name={icon} />
    </button>
  );
}

interface Props {
  kind: CellKind;
  first: boolean;
  last: boolean;
  /** Offer the editing actions (people who may edit). */
  editable: boolean;
  actions: CellToolbarActions;
  /** Offered to people who may comment: a thread on the cell, or on the text selected in it. */
  onComment?(): void;
  /** Offered on code cells to people who may run: this cell and every cell below it. */
  onRunBelow?(): void;
}

/**
 * A cell's own actions: editing ones for people who may edit, "comment" for
 * people who may comment. Buttons never take the focus away from the
 * notebook's keys for long.
 */
export function CellToolbar({ kind, first, last, editable, actions, onComment, onRunBelow }: Props) {
  return (
    <div className="cell-toolbar" role="toolbar" aria-label="Cell actions">
      {onRunBelow && <ToolButton icon="run-below" label="Run this cell and all below" onClick={onRunBelow} />}
      {onComment && (
        <button
          type="button"
          className="cell-tool cell-tool-comment"
          aria-label="Comment"
          title="Comment (on the selected text, if any)"
          // Keep the editor's focus and selection: the comment is about that selection.
          onMouseDown={(e) => {
            e.preventDefault();
            e.stopPropagation();
          }}
          onClick={onComment}
        >
          <Icon name="comment" />
        </button>
      )}
      {editable && <EditActions kind={kind} first={first} last={last} actions={actions} />}
    </div>
  );
}

function EditActions({ kind, first, last, actions }: Pick<Props, "kind" | "first" | "last" | "actions">) {
  return (
    <>
      <select
        className="cell-kind"
        aria-label="Cell type"
        value={kind}
        onChange={(e) => actions.setKind(e.target.value === "markdown" ? "markdown" : "code")}
      >
        <option value="code">Code</option>
        <option value="markdown">Markdown</option>
      </select>
      <ToolButton icon="above" label="Add cell above" onClick={actions.addAbove} />
      <ToolButton icon="below" label="Add cell below" onClick={actions.addBelow} />
      <ToolButton icon="up" label="Move cell up" onClick={actions.moveUp} disabled={first} />
      <ToolButton icon="down" label="Move cell down" onClick={actions.moveDown} disabled={last} />
      <ToolButton icon="copy" label="Duplicate cell" onClick={actions.duplicate} />
      <ToolButton icon="trash" label="Delete cell" onClick={actions.remove} />
    </>
  );
}
