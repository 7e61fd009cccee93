import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import type { ApiClient } from "./client";
import { connectDoc, waitFor } from "./collab-client";

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
  const { doc, provider } = connectDoc(baseUrl, notebookId, token);
  await waitFor(() => provider.synced, "the first sync");
  return {
    doc,
    provider,
    durable: () => waitFor(() => isDurable(provider, doc), "the server to store this client's edits"),
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** The server publishes its stored state vector as awareness; durable when it covers ours. */
function isDurable(provider: WebsocketProvider, doc: Y.Doc): boolean {
  if (!provider.wsconnected || !provider.synced) return false;
  const mine = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const state of provider.awareness.getStates().values()) {
    if (!state?.server || typeof state.durable !== "string") continue;
    const stored = Y.decodeStateVector(new Uint8Array(Buffer.from(state.durable, "base64")));
    return [...mine].every(([client, clock]) => (stored.get(client) ?? 0) >= clock);
  }
  return false;
}
