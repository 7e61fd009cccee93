import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { insertCell, readCells } from "../collab/doc";
import { connectDoc, readFresh, waitFor, waitSynced, type DocClient } from "./collab-client";
import { apiToken, sharedNotebook } from "./collab-world";
import { createUser, testServers } from "./world";

/** The HTTP status a WebSocket upgrade is refused with (or 101 when accepted). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      ws.terminate();
    });
    ws.once("open", () => {
      resolve(101);
      ws.close();
    });
    ws.once("error", (error) => {
      if (ws.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}

const sources = (client: DocClient) => readCells(client.doc).map((c) => c.source);

describe.each(testServers())("collaboration access on $name", (server) => {
  const open: DocClient[] = [];
  const connect = (notebookId: string, token: string) => {
    const client = connectDoc(server.url, notebookId, token);
    open.push(client);
    return client;
  };
  afterAll(() => {
    for (const client of open) client.provider.destroy();
  });

  it.each(["viewer", "reviewer"] as const)("a %s's updates are never applied, broadcast or stored, while its presence flows", async (role) => {
    const { notebookId, owner, members } = await sharedNotebook(server, [role]);
    const writer = connect(notebookId, owner.token);
    const reader = connect(notebookId, members[0]!.token);
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    insertCell(writer.doc, 0, { source: "owner's cell" });
    await waitFor(() => sources(reader).includes("owner's cell"), "the reader to receive the owner's cell");

    insertCell(reader.doc, 0, { source: `${role}'s cell` });
    // Awareness is sent after the update on the same socket, so once the owner
    // sees it the server has handled the update before it.
    reader.provider.awareness.setLocalStateField("user", { name: role });
    await waitFor(
      () => [...writer.provider.awareness.getStates().values()].some((s) => s.user?.name === role),
      "the reader's presence to reach the owner",
    );
    // A later edit by the owner: stored after anything accepted before it.
    insertCell(writer.doc, 1, { source: "owner's second cell" });
    await waitFor(() => sources(reader).includes("owner's second cell"), "the owner's second cell to reach the reader");
    // The reader reconnects and offers its change again in sync step 2.
    reader.provider.disconnect();
    reader.provider.connect();
    await waitSynced(reader);
    const fresh = await readFresh(server.url, notebookId, owner.token);
    expect(readCells(fresh).map((c) => c.source)).toEqual(["owner's cell", "owner's second cell"]);
    expect(sources(writer)).toEqual(["owner's cell", "owner's second cell"]);
    // Only its own disconnect closed it: the server never refused it.
    expect(reader.closes.map((c) => c.code)).toEqual([1005]);
  });

  it("revoking a member closes their connection with 4403 and it stays closed", async () => {
    const { notebookId, owner, members } = await sharedNotebook(server, ["editor", "editor"]);
    const [revoked, kept] = members.map((m) => connect(notebookId, m.token)) as [DocClient, DocClient];
    await Promise.all([waitSynced(revoked), waitSynced(kept)]);
    const response = await owner.client.delete(`/api/notebooks/${notebookId}/members/${members[0]!.id}`);
    expect(response.status).toBe(204);
    await waitFor(() => revoked.closes.some((c) => c.code === 4403), "the revoked connection to close with 4403");
    expect(revoked.provider.shouldConnect).toBe(false);
    insertCell(kept.doc, 0, { source: "still editing" });
    await waitFor(() => sources(kept).length === 1, "the kept connection to keep working");
    const fresh = await readFresh(server.url, notebookId, owner.token);
    expect(readCells(fresh).map((c) => c.source)).toEqual(["still editing"]);
    expect(kept.closes).toEqual([]);
  });

  it("trashing a notebook closes every connection with 4404", async () => {
    const { notebookId, owner, members } = await sharedNotebook(server, ["editor"]);
    const clients = [connect(notebookId, owner.token), connect(notebookId, members[0]!.token)];
    await Promise.all(clients.map((c) => waitSynced(c)));
    expect((await owner.client.post(`/api/notebooks/${notebookId}/trash`)).status).toBe(200);
    await waitFor(() => clients.every((c) => c.closes.some((close) => close.code === 4404)), "every connection to close with 4404");
  });

  it("downgrading an editor to viewer makes their open connection read-only at once", async () => {
    const { notebookId, owner, members } = await sharedNotebook(server, ["editor"]);
    const writer = connect(notebookId, owner.token);
    const editor = connect(notebookId, members[0]!.token);
    await Promise.all([waitSynced(writer), waitSynced(editor)]);
    insertCell(editor.doc, 0, { source: "written as editor" });
    await waitFor(() => sources(writer).includes("written as editor"), "the editor's cell to reach the owner");

    const response = await owner.client.put(`/api/notebooks/${notebookId}/members`, { userId: members[0]!.id, role: "viewer" });
    expect(response.status).toBe(200);
    insertCell(editor.doc, 1, { source: "written as viewer" });
    editor.provider.awareness.setLocalStateField("user", { name: "downgraded" });
    await waitFor(
      () => [...writer.provider.awareness.getStates().values()].some((s) => s.user?.name === "downgraded"),
      "the downgraded user's presence to reach the owner",
    );
    insertCell(writer.doc, 1, { source: "owner after" });
    await waitFor(() => sources(editor).includes("owner after"), "the owner's edit to reach the downgraded user");
    const fresh = await readFresh(server.url, notebookId, owner.token);
    expect(readCells(fresh).map((c) => c.source)).toEqual(["written as editor", "owner after"]);
    expect(editor.closes).toEqual([]);
  });

  it("refuses upgrades without credentials (401), from strangers (404) and off the collab path (404)", async () => {
    const { admin, notebookId, owner } = await sharedNotebook(server);
    const ws = server.url.replace(/^http/, "ws");
    const auth = { authorization: `Bearer ${owner.token}` };
    expect(await upgradeStatus(`${ws}/collab/${notebookId}`, {})).toBe(401);
    expect(await upgradeStatus(`${ws}/collab/${notebookId}`, { authorization: "Bearer not-a-token" })).toBe(401);
    const stranger = await createUser(admin, "member", "stranger");
    expect(await upgradeStatus(`${ws}/collab/${notebookId}`, { authorization: `Bearer ${await apiToken(stranger.client)}` })).toBe(404);
    expect(await upgradeStatus(`${ws}/collab/00000000-0000-4000-8000-000000000000`, auth)).toBe(404);
    expect(await upgradeStatus(`${ws}/elsewhere/${notebookId}`, auth)).toBe(404);
    expect(await upgradeStatus(`${ws}/collab/${notebookId}/extra`, auth)).toBe(404);
    expect(await upgradeStatus(`${ws}/collab/${notebookId}`, auth)).toBe(101);
  });
});
