"use client";

import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { peersOf, type Peer } from "./presence";
import { isSaved } from "./saved-state";

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
 * update and each change of the server's announced state vector.
 *
 * @example
 * const saved = useSaved(doc, provider.awareness);
 */
export function useSaved(doc: Y.Doc, awareness: Awareness): boolean {
  const [saved, setSaved] = useState(true);
  useEffect(() => {
    const check = () => setSaved(isSaved(doc, awareness.getStates() as Map<number, Record<string, unknown>>));
    check();
    doc.on("update", check);
    awareness.on("change", check);
    return () => {
      doc.off("update", check);
      awareness.off("change", check);
    };
  }, [doc, awareness]);
  return saved;
}
