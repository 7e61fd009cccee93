import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import type { ApiClient } from "./client";
import type { StoredState } from "../app/_components/editor/stored-state";
import { connectDoc, storedCovers, waitFor } from "./collab-client";

/** A new API token of the client's user, for WebSocket connections. */
export async function apiToken(client: ApiClient): Promise<string> {
  const response = await client.post("/api/tokens", { name: "live doc" });
  if (response.status !== 201) throw new Error(`token create failed: ${JSON.stringify(response.body)}`);
  return response.body.secret;
}

export interface LiveDoc {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the server has stored everything this client has. */
  durable(): Promise<void>;
  close(): void;
}

/** A real y-websocket client, connected and synced. */
export async function openLiveDoc(baseUrl: string, notebookId: string, token: string): Promise<LiveDoc> {
  const { doc, provider, stored } = connectDoc(baseUrl, notebookId, token, { storedState: true });
  await waitFor(() => provider.synced, "the first sync");
  return {
    doc,
    provider,
    durable: () => waitFor(() => isDurable(provider, doc, stored!), "the server to store this client's edits"),
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** The server sends its stored state vector (protocol/collab.ts); durable when it covers ours. */
function isDurable(provider: WebsocketProvider, doc: Y.Doc, stored: StoredState): boolean {
  return provider.wsconnected && provider.synced && storedCovers(stored.vector(), doc);
}
