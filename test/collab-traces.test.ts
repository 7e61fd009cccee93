import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { cellIds, cellSource, insertCell } from "../collab/doc";
import { connectDoc, readFresh, waitFor, waitSynced, type DocClient } from "./collab-client";
import { sharedNotebook } from "./collab-world";
import { replayConcurrentTrace } from "./concurrent-replay";
import { loadTrace, type ConcurrentTrace } from "./editing-traces";
import { testServers } from "./world";

describe.each(testServers())("editing traces on $name", (server) => {
  const open: DocClient[] = [];
  afterAll(() => {
    for (const client of open) client.provider.destroy();
  });

  it("replays the concurrent clownschool trace through real clients by its parents rule", async () => {
    const trace = loadTrace<ConcurrentTrace>("clownschool.json.gz");
    const { notebookId, owner, members } = await sharedNotebook(server, ["editor"]);
    const tokens = [owner.token, members[0]!.token];
    // One real client per agent of the trace (its people), alternating between two users.
    const clients = Array.from({ length: trace.numAgents }, (_, agent) => connectDoc(server.url, notebookId, tokens[agent % 2]!));
    open.push(...clients);
    await Promise.all(clients.map((c) => waitSynced(c)));
    const cellId = insertCell(clients[0]!.doc, 0, { source: "" });
    await waitFor(() => clients.every((c) => cellIds(c.doc).includes(cellId)), "the cell to reach every client");
    const textOf = (doc: Y.Doc) => cellSource(doc, cellId)!;

    let delivered = 0;
    await replayConcurrentTrace(trace, Y.encodeStateAsUpdate(clients[0]!.doc), textOf, async (agent, fork) => {
      // The agent's client sends what its fork has and it lacks: this
      // transaction, plus any ancestor the server has not echoed back yet.
      const client = clients[agent]!;
      Y.applyUpdate(client.doc, Y.encodeStateAsUpdate(fork, Y.encodeStateVector(client.doc)));
      delivered += 1;
      // Now and then the network runs, so clients also receive each other's edits midway.
      if (delivered % 100 === 0) await new Promise((r) => setTimeout(r, 1));
    });
    expect(delivered).toBe(trace.txns.length);

    await waitFor(
      () => clients.every((c) => textOf(c.doc).toString() === trace.endContent),
      "every client to reach endContent",
      60_000,
    );
    const fresh = await readFresh(server.url, notebookId, owner.token);
    expect(cellSource(fresh, cellId)?.toString()).toBe(trace.endContent);
  }, 180_000);
});
