"use client";

import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { peersOf, type Peer } from "./presence";
import { isSaved } from "./saved-state";
import type { StoredState } from "./stored-state";

/**
 * The other clients in the notebook (the local one included), refreshed
 * whenever an awareness state changes.
 *
 * @example
 * const peers = usePeers(provider.awareness);
 */
export function usePeers(awareness: Awareness): Peer[] {
  const [peers, setPeers] = useState<Peer[]>(() => peersOf(awareness.getStates() as Map<number, Record<string, unknown>>));
  useEffect(() => {
    const refresh = () => setPeers(peersOf(awareness.getStates() as Map<number, Record<string, unknown>>));
    refresh();
    awareness.on("change", refresh);
    return () => awareness.off("change", refresh);
  }, [awareness]);
  return peers;
}

/**
 * Whether every local edit is stored by the server, rechecked on each local
 * update and each stored state vector the server sends.
 *
 * @example
 * const saved = useSaved(doc, session.stored);
 */
export function useSaved(doc: Y.Doc, stored: StoredState): boolean {
  const [saved, setSaved] = useState(true);
  useEffect(() => {
    const check = () => setSaved(isSaved(doc, stored.vector()));
    check();
    doc.on("update", check);
    stored.on("change", check);
    return () => {
      doc.off("update", check);
      stored.off("change", check);
    };
  }, [doc, stored]);
  return saved;
}
