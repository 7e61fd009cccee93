"use client";

import { useEffect, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { peersOf, resolveColor, type PresenceUser } from "./presence";
import { followStoredState, STORED_STATE_PARAMS, type StoredState } from "./stored-state";

export type ConnectionState = "connecting" | "connected" | "offline" | "closed";

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** What the server reports as stored, for "saved". */
  stored: StoredState;
  /** connecting before the first sync; offline while the provider retries; closed when the server refused for good. */
  state: ConnectionState;
  /** Whether the document has been synced with the server at least once. */
  synced: boolean;
  /** The server's reason when it closed the connection for good (revoked access, deleted notebook). */
  closedReason: string | null;
}

/** `ws://host/collab` or `wss://host/collab` for the page's own origin; the session cookie goes along. */
function collabUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/collab`;
}

/**
 * One live Y.Doc for a notebook, kept in sync with the server by the
 * published y-websocket provider, which also reconnects after a drop. The
 * local user's presence is published from the start.
 *
 * @example
 * const session = useCollabSession(notebookId, { id, name, color });
 */
export function useCollabSession(notebookId: string, user: PresenceUser): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);
  const { id, name, color } = user;

  useEffect(() => {
    const doc = new Y.Doc();
    // Every tab talks to the server directly, so "saved" always means stored there.
    const provider = new WebsocketProvider(collabUrl(), notebookId, doc, { disableBc: true, params: STORED_STATE_PARAMS });
    const stored = followStoredState(provider);
    provider.awareness.setLocalStateField("user", { id, name, color });
    let current: CollabSession = { doc, provider, stored, state: "connecting", synced: false, closedReason: null };
    const update = (change: Partial<CollabSession>) => {
      current = { ...current, ...change };
      setSession(current);
    };
    update({});
    const onStatus = ({ status }: { status: "connected" | "disconnected" | "connecting" }) => {
      if (current.state === "closed") return;
      if (status === "connected") update({ state: current.synced ? "connected" : "connecting" });
      else update({ state: current.synced || status === "disconnected" ? "offline" : "connecting" });
    };
    const onSync = (synced: boolean) => {
      if (synced) update({ synced: true, state: "connected" });
    };
    const onClosed = (event: { code: number; reason: string }) => {
      update({ state: "closed", closedReason: event.reason || `the server closed the connection (${event.code})` });
    };
    // Two people in one colour could not tell their cursors apart: one of them moves.
    const onAwareness = () => {
      const next = resolveColor(peersOf(provider.awareness.getStates() as Map<number, Record<string, unknown>>), doc.clientID);
      if (next) provider.awareness.setLocalStateField("user", { id, name, color: next });
    };
    provider.awareness.on("change", onAwareness);
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("closed", onClosed);
    return () => {
      provider.awareness.off("change", onAwareness);
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("closed", onClosed);
      stored.close();
      provider.destroy();
      doc.destroy();
    };
  }, [notebookId, id, name, color]);

  return session;
}
