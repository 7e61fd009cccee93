"use client";

import type { MouseEvent } from "react";
import type { Awareness } from "y-protocols/awareness";
import { CellCommentBadge } from "../comments/CellCommentBadge";
import type { CellComments } from "../comments/useCommentsUi";
import { CellEditor, type CellEditorEvents } from "./CellEditor";
import { CellToolbar, type CellToolbarActions } from "./CellToolbar";
import { MarkdownPreview } from "./MarkdownPreview";
import type { EditorKit } from "./monaco-kit";
import type { Peer } from "./presence";
import { initialsOf } from "./presence";
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
}

/** One cell: its frame (selection, mode, who else is here), its toolbar and its editor or rendered markdown. */
export function CellView(props: Props) {
  const { kit, entry, index, count, awareness, readOnly, selected, editing, visitors, actions, events, comments } = props;
  const showEditor = entry.kind === "code" || (editing && !readOnly);
  const classes = ["cell", `cell-${entry.kind}`, selected ? "selected" : "", editing ? "editing" : ""].filter(Boolean).join(" ");
  return (
    <div
      className={classes}
      data-testid="cell"
      data-cell-id={entry.id}
      data-kind={entry.kind}
      aria-selected={selected}
      onMouseDown={props.onSelect}
    >
      <div className="cell-gutter">
        <span className="cell-prompt" aria-hidden="true">
          {entry.kind === "code" ? `[${index + 1}]` : "md"}
        </span>
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
        {(!readOnly || comments.canComment) && (
          <CellToolbar
            kind={entry.kind}
            first={index === 0}
            last={index === count - 1}
            editable={!readOnly}
            actions={actions}
            onComment={comments.canComment ? comments.start : undefined}
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
      </div>
    </div>
  );
}
