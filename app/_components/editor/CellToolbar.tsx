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

/** A cell's own actions, for people who may edit. Buttons never take the focus away from the notebook's keys for long. */
export function CellToolbar({ kind, first, last, actions }: { kind: CellKind; first: boolean; last: boolean; actions: CellToolbarActions }) {
  return (
    <div className="cell-toolbar" role="toolbar" aria-label="Cell actions">
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
    </div>
  );
}
