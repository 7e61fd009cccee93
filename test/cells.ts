import type * as Y from "yjs";
import { cellSource, insertCell } from "../collab/doc";
import type { ApiClient } from "./client";
import { connectDoc, waitFor } from "./collab-client";

/**
 * Opens a notebook's document as this user over the real /collab endpoint
 * (with a fresh API token) and waits for the first sync.
 */
export async function openDoc(client: ApiClient, notebookId: string): Promise<{ doc: Y.Doc; close(): void }> {
  const token = await client.post("/api/tokens", { name: "doc access" });
  if (token.status !== 201) throw new Error(`token creation failed: ${JSON.stringify(token.body)}`);
  const { doc, provider } = connectDoc(client.baseUrl, notebookId, token.body.secret);
  await waitFor(() => provider.synced, "the first sync");
  return { doc, close: () => provider.destroy() };
}

/**
 * Adds a cell through a real y-websocket client and returns its id once a
 * second client sees it, i.e. once the server has stored and broadcast it.
 */
export async function addCell(client: ApiClient, notebookId: string, source = "let rate = 0.3;"): Promise<string> {
  const writer = await openDoc(client, notebookId);
  const reader = await openDoc(client, notebookId);
  try {
    const id = insertCell(writer.doc, Number.MAX_SAFE_INTEGER, { source });
    await waitFor(() => cellSource(reader.doc, id)?.toString() === source, `cell ${id} to reach another client`);
    return id;
  } finally {
    writer.close();
    reader.close();
  }
}
