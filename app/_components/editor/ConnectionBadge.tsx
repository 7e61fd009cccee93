"use client";

import type { ConnectionState } from "./useCollabSession";

const LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  offline: "Offline — reconnecting",
  closed: "Disconnected",
};

/**
 * Where the notebook stands with the server: the connection, and whether
 * every local edit is stored ("Saved") or not yet ("Saving…", or "Unsaved
 * changes" while offline).
 */
export function ConnectionBadge({ state, saved, readOnly }: { state: ConnectionState; saved: boolean; readOnly: boolean }) {
  const savedLabel = saved ? "Saved" : state === "connected" ? "Saving…" : "Unsaved changes";
  return (
    <div className="connection" aria-live="polite">
      <span className={`connection-state connection-${state}`} data-testid="connection-status" data-state={state}>
        <span className="connection-dot" aria-hidden="true" />
        {LABELS[state]}
      </span>
      {!readOnly && (
        <span className={`save-state ${saved ? "save-saved" : "save-pending"}`} data-testid="save-status" data-saved={saved}>
          {savedLabel}
        </span>
      )}
    </div>
  );
}
