import { afterAll, describe, expect, it } from "vitest";
import { cellSource, insertCell } from "../collab/doc";
import { DURABLE_MESSAGE } from "../protocol/collab";
import { connectDoc, readFresh, storedCovers, waitFor, waitSynced, type DocClient } from "./collab-client";
import { sharedNotebook } from "./collab-world";
import { testServers } from "./world";

/**
 * "Saved" travels as its own message to the clients that ask for it
 * (`?durable=1`, protocol/collab.ts), not as a server awareness state that
 * every stock y-websocket client would send back.
 */
describe.each(testServers())("the stored state vector on $name", (server) => {
  const open: DocClient[] = [];
  afterAll(() => {
    for (const client of open) client.provider.destroy();
  });

  it("reaches the clients that asked for it, on joining and after their edits are stored, and no other client", async () => {
    const { notebookId, owner, members } = await sharedNotebook(server, ["editor"]);
    const editor = connectDoc(server.url, notebookId, owner.token, { storedState: true });
    const plain = connectDoc(server.url, notebookId, members[0]!.token);
    open.push(editor, plain);
    let plainDurableFrames = 0;
    (plain.provider.messageHandlers as unknown as Array<() => void>)[DURABLE_MESSAGE] = () => void plainDurableFrames++;
    let announced = 0;
    editor.stored!.on("change", () => void announced++);
    await Promise.all([waitSynced(editor), waitSynced(plain)]);
    // Sent on joining: nothing of this client is unsaved yet.
    await waitFor(() => editor.stored!.vector() !== null, "the stored state vector on joining");

    const cellId = insertCell(editor.doc, 0, { source: "" });
    for (let i = 0; i < 20; i++) cellSource(editor.doc, cellId)!.insert(i, String(i % 10));
    await waitFor(() => storedCovers(editor.stored!.vector(), editor.doc), "the editor's edits to be reported stored");
    // What it was told is stored is in the store: a new client reads it all back.
    const fresh = await readFresh(server.url, notebookId, owner.token);
    expect(cellSource(fresh, cellId)?.toString()).toBe(cellSource(editor.doc, cellId)!.toString());

    await waitFor(() => cellSource(plain.doc, cellId)?.toString() === "01234567890123456789", "the plain client to have the edits");
    expect(plainDurableFrames).toBe(0);
    const states = [...plain.provider.awareness.getStates().values()];
    expect(states.some((state) => "durable" in state || "server" in state)).toBe(false);

    // A reconnected client hears it again at once, without waiting for a new edit.
    const before = announced;
    editor.provider.disconnect();
    editor.provider.connect();
    await waitFor(() => announced > before && editor.provider.synced, "the stored state vector after reconnecting");
    expect(storedCovers(editor.stored!.vector(), editor.doc)).toBe(true);
  });

  it("does not count a client as saved before its edit is stored", async () => {
    const { notebookId, owner } = await sharedNotebook(server);
    const editor = connectDoc(server.url, notebookId, owner.token, { storedState: true });
    open.push(editor);
    await waitSynced(editor);
    await waitFor(() => editor.stored!.vector() !== null, "the stored state vector on joining");
    // Offline edits are not stored: the last vector heard must not cover them.
    editor.provider.disconnect();
    insertCell(editor.doc, 0, { source: "offline" });
    expect(storedCovers(editor.stored!.vector(), editor.doc)).toBe(false);
    editor.provider.connect();
    await waitFor(() => storedCovers(editor.stored!.vector(), editor.doc), "the offline edit to be stored after reconnecting");
  });
});
