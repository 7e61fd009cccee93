import { afterAll, describe, expect, it } from "vitest";
import { cellSource, deleteCell } from "../collab/doc";
import { connectDoc, waitFor, waitSynced, type DocClient } from "./collab-client";
import { sharedNotebook } from "./collab-world";
import { appendCell, executionOf, outputsOf, run, sendCommand, streamText, valueOf, waitFinished } from "./kernel-world";
import { testServers } from "./world";

/**
 * The execution API end to end: a runner starts runs over HTTP, the real
 * kernel runs the cells, and two other collaborators (real y-websocket
 * clients) see the same states, outputs and who ran what.
 */
describe.each(testServers())("running cells on $name", (server) => {
  const open: DocClient[] = [];
  afterAll(() => {
    for (const client of open) client.provider.destroy();
  });

  async function notebook() {
    const world = await sharedNotebook(server, ["editor", "runner", "viewer"]);
    const [editor, runner, viewer] = world.members as [typeof world.members[0], typeof world.members[0], typeof world.members[0]];
    const editing = connectDoc(server.url, world.notebookId, editor.token);
    const watching = connectDoc(server.url, world.notebookId, viewer.token);
    open.push(editing, watching);
    await Promise.all([waitSynced(editing), waitSynced(watching)]);
    /** Adds a cell as the editor; resolves once the viewer (so the server) has it. */
    const add = async (source: string) => {
      const id = appendCell(editing, source);
      await waitFor(() => cellSource(watching.doc, id)?.toString() === source, `cell ${id} to reach the server`);
      return id;
    };
    return { ...world, editor, runner, viewer, editing, watching, add };
  }

  it("runs a cell and its dependents; every peer sees the outputs and who ran them", async () => {
    const nb = await notebook();
    const a = await nb.add("const rate = 2;\nconsole.log('rate is', rate);");
    const b = await nb.add("rate * 21");
    const accepted = await run(nb.runner.client, nb.notebookId, { scope: "cell", cellId: a });
    expect(accepted.cellIds).toEqual([a, b]);
    for (const peer of [nb.editing, nb.watching]) {
      const state = await waitFinished(peer, b, accepted.runId);
      expect(state.status).toBe("done");
      expect(state.runBy?.id).toBe(nb.runner.id);
      expect(valueOf(peer.doc, b)).toBe(42);
      expect(streamText(peer.doc, a)).toBe("rate is 2\n");
      expect(executionOf(peer.doc, a).count).toBeLessThan(state.count!);
      expect(state.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it("re-running a cell that declares a const works, and dependents see the new value", async () => {
    const nb = await notebook();
    const a = await nb.add("const n = 1;");
    const b = await nb.add("n + 1");
    await waitFinished(nb.watching, b, (await run(nb.runner.client, nb.notebookId, { scope: "cell", cellId: a })).runId);
    const text = cellSource(nb.editing.doc, a)!;
    nb.editing.doc.transact(() => {
      text.delete(0, text.length);
      text.insert(0, "const n = 10;");
    });
    await waitFor(() => cellSource(nb.watching.doc, a)?.toString() === "const n = 10;", "the edit");
    const second = await run(nb.runner.client, nb.notebookId, { scope: "cell", cellId: a });
    await waitFinished(nb.watching, b, second.runId);
    expect(executionOf(nb.watching.doc, a).status).toBe("done");
    expect(valueOf(nb.watching.doc, b)).toBe(11);
  });

  it("maps an exception to the cell's own line and column", async () => {
    const nb = await notebook();
    const a = await nb.add("const a: number = 1;\nconst b = 2;\nconst c = (null as any).missing;");
    const accepted = await run(nb.runner.client, nb.notebookId, { scope: "cell", cellId: a });
    const state = await waitFinished(nb.watching, a, accepted.runId);
    expect(state.status).toBe("error");
    const error = outputsOf(nb.watching.doc, a).find((o) => o.type === "error");
    expect(error?.type === "error" && error.error.kind).toBe("exception");
    if (error?.type !== "error" || error.error.kind !== "exception") throw new Error("unreachable");
    expect(error.error.name).toBe("TypeError");
    expect(error.error.location).toMatchObject({ cellId: a, line: 3 });
  });

  it("shows a syntax error at its line without running, and blocks the cells that depend on it", async () => {
    const nb = await notebook();
    const a = await nb.add("const ok = 1;\nconst broken = ;");
    const accepted = await run(nb.runner.client, nb.notebookId, { scope: "all" });
    expect(accepted.cellIds).toEqual([]);
    const state = await waitFinished(nb.watching, a, accepted.runId);
    expect(state.status).toBe("error");
    const error = outputsOf(nb.watching.doc, a)[0];
    expect(error?.type === "error" && error.error.kind === "exception" && error.error.location?.line).toBe(2);
  });

  it("reports a name defined in two cells on both, and runs neither", async () => {
    const nb = await notebook();
    const a = await nb.add("const twice = 1;");
    const b = await nb.add("const twice = 2;");
    const accepted = await run(nb.runner.client, nb.notebookId, { scope: "all" });
    expect(accepted.cellIds).toEqual([]);
    for (const id of [a, b]) {
      await waitFinished(nb.watching, id, accepted.runId);
      const error = outputsOf(nb.watching.doc, id)[0];
      expect(error?.type === "error" && error.error.kind).toBe("multiple-defs");
    }
  });

  it("lazy mode marks dependents stale instead of running them, for everyone", async () => {
    const nb = await notebook();
    const a = await nb.add("const base = 5;");
    const b = await nb.add("base * 2");
    await waitFinished(nb.watching, b, (await run(nb.runner.client, nb.notebookId, { scope: "all" })).runId);
    expect((await nb.runner.client.put(`/api/notebooks/${nb.notebookId}/run-mode`, { runMode: "lazy" })).status).toBe(200);
    const lazy = await run(nb.runner.client, nb.notebookId, { scope: "cell", cellId: a });
    expect(lazy.cellIds).toEqual([a]);
    await waitFinished(nb.watching, a, lazy.runId);
    await waitFor(() => executionOf(nb.watching.doc, b).stale && executionOf(nb.editing.doc, b).stale, "the dependent to be stale for both peers");
    expect(executionOf(nb.watching.doc, a).stale).toBe(false);
  });

  it("deleting a cell forgets its definitions and marks its readers stale", async () => {
    const nb = await notebook();
    const a = await nb.add("const gone = 3;");
    const b = await nb.add("gone + 1");
    await waitFinished(nb.watching, b, (await run(nb.runner.client, nb.notebookId, { scope: "all" })).runId);
    expect(valueOf(nb.watching.doc, b)).toBe(4);
    deleteCell(nb.editing.doc, a);
    await waitFor(() => executionOf(nb.watching.doc, b).stale, "the reader to be stale");
    const again = await run(nb.runner.client, nb.notebookId, { scope: "cell", cellId: b });
    const state = await waitFinished(nb.watching, b, again.runId);
    expect(state.status).toBe("error");
    const error = outputsOf(nb.watching.doc, b).find((o) => o.type === "error");
    expect(error?.type === "error" && error.error.kind === "exception" && error.error.name).toBe("ReferenceError");
  });

  it("interrupts a runaway cell and drops what was queued behind it", async () => {
    const nb = await notebook();
    const spin = await nb.add("let spins = 0;\nwhile (true) { spins++; }");
    const after = await nb.add("const later = 1;");
    const accepted = await run(nb.runner.client, nb.notebookId, { scope: "all" });
    await waitFor(() => executionOf(nb.watching.doc, spin).status === "running", "the loop to start");
    const interrupted = await nb.runner.client.post(`/api/notebooks/${nb.notebookId}/kernel/interrupt`, undefined);
    expect(interrupted.status).toBe(200);
    await waitFinished(nb.watching, spin, accepted.runId);
    const error = outputsOf(nb.watching.doc, spin).find((o) => o.type === "error");
    expect(error?.type === "error" && error.error.kind).toBe("interrupted");
    await waitFor(() => executionOf(nb.watching.doc, after).status !== "queued", "the queued cell to be dropped");
    expect(executionOf(nb.watching.doc, after).count).toBeNull();
    // The kernel still runs cells afterwards.
    const next = await run(nb.runner.client, nb.notebookId, { scope: "cell", cellId: after });
    expect((await waitFinished(nb.watching, after, next.runId)).status).toBe("done");
  });

  it("refuses runs from viewers and of unknown cells, with JSON errors", async () => {
    const nb = await notebook();
    const viewerRun = await nb.viewer.client.post(`/api/notebooks/${nb.notebookId}/run`, { scope: "all" });
    expect(viewerRun.status).toBe(403);
    expect(viewerRun.body.error.code).toBe("forbidden");
    const unknown = await nb.runner.client.post(`/api/notebooks/${nb.notebookId}/run`, { scope: "cell", cellId: "no-such-cell" });
    expect(unknown.status).toBe(404);
    const bad = await nb.runner.client.post(`/api/notebooks/${nb.notebookId}/run`, { scope: "sideways" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_body");
  });

  it("runs over the collaboration socket too, with the same roles and clear refusals", async () => {
    const nb = await notebook();
    const runnerSocket = connectDoc(server.url, nb.notebookId, nb.runner.token);
    open.push(runnerSocket);
    await waitSynced(runnerSocket);
    // Typed and run on the same socket at once (an editor may run): the run sees the text, no "saved" wait.
    const a = appendCell(nb.editing, "const viaSocket = 6;\nviaSocket");
    const first = await sendCommand(nb.editing, { op: "run", request: { scope: "cell", cellId: a } });
    if (!first.ok) throw new Error(JSON.stringify(first));
    await waitFinished(nb.watching, a, (first.body as { runId: string }).runId);
    expect(valueOf(nb.watching.doc, a)).toBe(6);
    // A runner's socket runs too.
    const b = await nb.add("viaSocket * 7");
    const second = await sendCommand(runnerSocket, { op: "run", request: { scope: "cell", cellId: b } });
    if (!second.ok) throw new Error(JSON.stringify(second));
    await waitFinished(nb.watching, b, (second.body as { runId: string }).runId);
    expect(valueOf(nb.watching.doc, b)).toBe(42);

    const refused = await sendCommand(nb.watching, { op: "run", request: { scope: "all" } });
    expect(refused).toEqual({ ok: false, error: { code: "forbidden", message: expect.any(String) } });
    const garbled = await sendCommand(runnerSocket, "{not json");
    expect(garbled.ok === false && garbled.error.code).toBe("invalid_json");
    const unknown = await sendCommand(runnerSocket, { op: "explode" } as never);
    expect(unknown.ok === false && unknown.error.code).toBe("invalid_body");
    // A refused command closes nothing.
    expect(runnerSocket.provider.wsconnected).toBe(true);
    expect(nb.watching.provider.wsconnected).toBe(true);
  });

  it("output printed after a cell ended (work it left running) still lands in that cell", async () => {
    const nb = await notebook();
    const a = await nb.add("void sleep(150).then(() => console.log('later'));\nconsole.log('now');");
    const accepted = await run(nb.runner.client, nb.notebookId, { scope: "cell", cellId: a });
    await waitFinished(nb.watching, a, accepted.runId);
    await waitFor(() => streamText(nb.watching.doc, a) === "now\nlater\n", () => `late output, got ${JSON.stringify(streamText(nb.watching.doc, a))}`);
  });
});
