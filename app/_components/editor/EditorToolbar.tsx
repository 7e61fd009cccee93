"use client";

import type { ReactNode } from "react";
import { ConnectionBadge } from "./ConnectionBadge";
import { PresenceAvatars } from "./PresenceAvatars";
import type { PresenceUser } from "./presence";
import type { ConnectionState } from "./useCollabSession";

interface Props {
  state: ConnectionState;
  saved: boolean;
  readOnly: boolean;
  /** Why this person cannot edit, when they cannot. */
  readOnlyNote: string | null;
  people: PresenceUser[];
  selfId: string;
  mode: "command" | "edit";
  onAdd(kind: "code" | "markdown"): void;
  /** The kernel's state and controls, after the new-cell buttons. */
  kernel?: ReactNode;
  /** Buttons that open the side panels, at the end of the bar. */
  children?: ReactNode;
}

/** The bar above the cells: connection and save state, who is here, new-cell buttons, the kernel and the panels. */
export function EditorToolbar({ state, saved, readOnly, readOnlyNote, people, selfId, mode, onAdd, kernel, children }: Props) {
  return (
    <div className="editor-toolbar">
      <ConnectionBadge state={state} saved={saved} readOnly={readOnly} />
      {readOnly ? (
        readOnlyNote && (
          <span className="readonly-note" data-testid="readonly-note">
            {readOnlyNote}
          </span>
        )
      ) : (
        <div className="editor-add">
          <button type="button" className="button button-small" onClick={() => onAdd("code")}>
            + Code
          </button>
          <button type="button" className="button button-small" onClick={() => onAdd("markdown")}>
            + Markdown
          </button>
        </div>
      )}
      {kernel}
      {/* One group, so that when the bar wraps, mode, people and panels move to the right of the next line together. */}
      <div className="editor-toolbar-end">
        <span className="mode-indicator muted small" data-testid="mode" data-mode={mode}>
          {mode === "edit" ? "Edit mode · Esc for commands" : "Command mode · Enter to edit"}
        </span>
        <PresenceAvatars people={people} selfId={selfId} />
        {children}
      </div>
    </div>
  );
}
