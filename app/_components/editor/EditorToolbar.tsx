"use client";

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
}

/** The bar above the cells: connection and save state, who is here, and new-cell buttons. */
export function EditorToolbar({ state, saved, readOnly, readOnlyNote, people, selfId, mode, onAdd }: Props) {
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
      <span className="mode-indicator muted small" data-testid="mode" data-mode={mode}>
        {mode === "edit" ? "Edit mode · Esc for commands" : "Command mode · Enter to edit"}
      </span>
      <PresenceAvatars people={people} selfId={selfId} />
    </div>
  );
}
