"use client";

import type { MouseEvent } from "react";
import type { Awareness } from "y-protocols/awareness";
import "./execution.css";
import { CellCommentBadge } from "../comments/CellCommentBadge";
import type { CellComments } from "../comments/useCommentsUi";
import type { OutputContext } from "../outputs/output-context";
import { CellEditor, type CellEditorEvents } from "./CellEditor";
import { CellResults } from "./CellResults";
import { CellToolbar, type CellToolbarActions } from "./CellToolbar";
import { promptOf } from "./execution-state";
import { Icon } from "./Icon";
import { MarkdownPreview } from "./MarkdownPreview";
import type { EditorKit } from "./monaco-kit";
import type { Peer } from "./presence";
import { initialsOf } from "./presence";
import { useCellExecution } from "./useCellData";
import type { CellEntry } from "./useCells";

interface Props {
  kit: EditorKit;
  entry: CellEntry;
  index: number;
  count: number;
  awareness: Awareness;
  readOnly: boolean;
  selected: boolean;
  /** Selected and in edit mode. */
  editing: boolean;
  /** Other people whose focus is on this cell, one entry per person. */
  visitors: Peer[];
  actions: CellToolbarActions;
  events: CellEditorEvents;
  comments: CellComments;
  onSelect(event: MouseEvent): void;
  onEditMarkdown(): void;
  /** Runs this cell, or this cell and all below; null for people who may not run. */
  onRun: ((scope: "cell" | "below") => void) | null;
  outputContext: OutputContext;
}

/**
 * One cell: its frame (selection, mode, who else is here), its toolbar, its
 * editor or rendered markdown, and for code cells the Jupyter prompt, the run
 * state and the outputs.
 */
export function CellView(props: Props) {
  const { kit, entry, index, count, awareness, readOnly, selected, editing, visitors, actions, events, comments, onRun } = props;
  const execution = useCellExecution(entry.cell);
  const code = entry.kind === "code";
  const showEditor = code || (editing && !readOnly);
  const classes = ["cell", `cell-${entry.kind}`, selected ? "selected" : "", editing ? "editing" : ""].filter(Boolean).join(" ");
  return (
    <div
      className={classes}
      data-testid="cell"
      data-cell-id={entry.id}
      data-kind={entry.kind}
      aria-selected={selected}
      data-status={code ? execution.status : undefined}
      onMouseDown={props.onSelect}
    >
      <div className="cell-gutter">
        {code ? (
          <span className={`cell-prompt exec-${execution.status}`} data-testid="cell-count" title={`Execution count ${promptOf(execution)}`}>
            {promptOf(execution)}
          </span>
        ) : (
          <span className="cell-prompt" aria-hidden="true">
            md
          </span>
        )}
        {code && onRun && (
          <button type="button" className="cell-tool cell-run" aria-label="Run cell" title="Run cell (Ctrl+Enter; Shift+Enter runs and moves on)" onClick={() => onRun("cell")}>
            <Icon name="run" />
          </button>
        )}
        <ul className="cell-visitors" aria-label="Also on this cell">
          {visitors.map((peer) => (
            <li key={peer.clientId} className="cell-visitor" style={{ background: peer.user.color }} title={`${peer.user.name} is on this cell`}>
              {initialsOf(peer.user.name)}
            </li>
          ))}
        </ul>
        <CellCommentBadge count={comments.open.length} onShow={comments.show} />
      </div>
      <div className="cell-main">
        {(!readOnly || comments.canComment || (code && onRun)) && (
          <CellToolbar
            kind={entry.kind}
            first={index === 0}
            last={index === count - 1}
            editable={!readOnly}
            actions={actions}
            onComment={comments.canComment ? comments.start : undefined}
            onRunBelow={code && onRun ? () => onRun("below") : undefined}
          />
        )}
        {showEditor ? (
          <CellEditor
            key={`${entry.kind}`}
            kit={kit}
            cellId={entry.id}
            kind={entry.kind}
            source={entry.source}
            awareness={awareness}
            readOnly={readOnly}
            focused={editing}
            label={`Cell ${index + 1}, ${entry.kind === "code" ? "TypeScript" : "markdown"}`}
            events={events}
            comments={comments}
          />
        ) : (
          <MarkdownPreview source={entry.source} onEdit={readOnly ? undefined : props.onEditMarkdown} />
        )}
        {code && <CellResults cell={entry.cell} execution={execution} context={props.outputContext} />}
      </div>
    </div>
  );
}
