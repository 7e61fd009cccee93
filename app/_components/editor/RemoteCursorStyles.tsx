"use client";

import { cssString, type Peer } from "./presence";

/**
 * Colours and name labels for y-monaco's remote selections: it tags them
 * `yRemoteSelection-<clientId>` and `yRemoteSelectionHead-<clientId>`; the
 * shared shape lives in editor.css. Colours are validated hex, names are
 * escaped as CSS strings.
 */
export function RemoteCursorStyles({ peers, selfClientId }: { peers: Peer[]; selfClientId: number }) {
  const rules = peers
    .filter((peer) => peer.clientId !== selfClientId)
    .map(({ clientId, user }) =>
      [
        `.yRemoteSelection-${clientId}{background-color:${user.color}33}`,
        `.yRemoteSelectionHead-${clientId}{border-color:${user.color}}`,
        `.yRemoteSelectionHead-${clientId}::after{content:${cssString(user.name)};background-color:${user.color}}`,
      ].join("\n"),
    )
    .join("\n");
  return <style data-testid="remote-cursor-styles">{rules}</style>;
}
