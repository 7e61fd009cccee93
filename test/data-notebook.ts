import { expect } from "vitest";
import { cellSource } from "../collab/doc";
import { connectDoc, waitFor, waitSynced, type DocClient } from "./collab-client";
import { sharedNotebook } from "./collab-world";
import { appendCell, executionOf, outputsOf, run, waitFinished } from "./kernel-world";
import type { TestServer } from "./global-setup";

/**
 * A notebook whose editor uploads one file and runs `sources` as its cells in
 * the real kernel, all at once; resolves when the last cell has finished (a
 * timeout reports every cell's state and outputs). `open` collects the
 * clients for the caller to close.
 *
 * @example
 * const { doc, cells } = await runDataNotebook(server, { name: "a.csv", content: "x\n1\n" }, [`await data.load("a.csv")`], open);
 */
export async function runDataNotebook(server: TestServer, file: { name: string; content: string }, sources: string[], open: DocClient[], timeoutMs = 120_000) {
  const world = await sharedNotebook(server, ["editor"]);
  const editor = world.members[0]!;
  const uploaded = await editor.client.request("POST", `/api/notebooks/${world.notebookId}/files?name=${encodeURIComponent(file.name)}`, undefined, {
    raw: file.content,
    headers: { "content-type": "text/csv" },
  });
  expect(uploaded.status).toBe(201);

  const doc = connectDoc(server.url, world.notebookId, editor.token);
  const watching = connectDoc(server.url, world.notebookId, world.owner.token);
  open.push(doc, watching);
  await Promise.all([waitSynced(doc), waitSynced(watching)]);
  const cells = sources.map((source) => appendCell(doc, source));
  // Another peer has the cells, so the server has them before the run reads them.
  await waitFor(() => cells.every((id, i) => cellSource(watching.doc, id)?.toString() === sources[i]), "the cells to reach the server");
  const accepted = await run(editor.client, world.notebookId, { scope: "all" });
  expect(accepted.cellIds).toEqual(cells);
  const last = await waitFinished(doc, cells[cells.length - 1]!, accepted.runId, timeoutMs).catch((error: unknown) => {
    const states = cells.map((id) => ({ execution: executionOf(doc.doc, id), outputs: outputsOf(doc.doc, id) }));
    throw new Error(`${String(error)}\n${JSON.stringify(states, null, 1)}`);
  });
  return { world, editor, doc, cells, last };
}
