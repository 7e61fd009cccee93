import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cellIds, cellSource, insertCell, moveCell, deleteCell, readCells, setCellKind } from "../collab/doc";
import type { CellDiffView, DiffView, VersionView } from "../protocol/versions";
import type { ApiClient } from "./client";
import { waitFor } from "./collab-client";
import { apiToken, openLiveDoc, type LiveDoc } from "./live-doc";
import { adminClient, createNotebook, createUser, grant, testServers, type TestUser } from "./world";

for (const server of testServers()) {
  describe(`versions on ${server.name}`, () => {
    let owner: TestUser;
    let editor: TestUser;
    let viewer: TestUser;
    let stranger: TestUser;
    let ownerToken: string;
    let editorToken: string;
    const open: LiveDoc[] = [];

    beforeAll(async () => {
      const admin = await adminClient(server);
      [owner, editor, viewer, stranger] = (await Promise.all(
        ["vowner", "veditor", "vviewer", "vstranger"].map((prefix) => createUser(admin, "member", prefix)),
      )) as [TestUser, TestUser, TestUser, TestUser];
      [ownerToken, editorToken] = await Promise.all([apiToken(owner.client), apiToken(editor.client)]);
    });

    afterEach(() => {
      for (const live of open.splice(0)) live.close();
    });

    async function live(notebookId: string, token = ownerToken): Promise<LiveDoc> {
      const doc = await openLiveDoc(server.url, notebookId, token);
      open.push(doc);
      return doc;
    }

    async function sharedNotebook(): Promise<string> {
      const id = await createNotebook(owner.client, "Versioned notebook");
      await grant(owner.client, id, editor.id, "editor");
      await grant(owner.client, id, viewer.id, "viewer");
      return id;
    }

    async function takeVersion(client: ApiClient, notebookId: string, name: string): Promise<VersionView> {
      const response = await client.post(`/api/notebooks/${notebookId}/versions`, { name });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.version;
    }

    async function diff(notebookId: string, versionId: string, against = "current"): Promise<DiffView> {
      const response = await owner.client.get(`/api/notebooks/${notebookId}/versions/${versionId}/diff?against=${against}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.diff;
    }

    const cellsOf = (doc: LiveDoc) => readCells(doc.doc).map((c) => ({ id: c.id, kind: c.kind, source: c.source }));
    const byId = (cells: CellDiffView[]) => Object.fromEntries(cells.map((c) => [c.cellId, c]));

    it("takes named versions, lists them newest first with author and time, and diffs them cell by cell", async () => {
      const id = await sharedNotebook();
      const a = await live(id);
      insertCell(a.doc, 0, { id: "cell-a", source: "const a = 1;\nconst b = 2;\n" });
      insertCell(a.doc, 1, { id: "cell-b", source: "two" });
      insertCell(a.doc, 2, { id: "cell-c", source: "three" });
      insertCell(a.doc, 3, { id: "cell-d", kind: "markdown", source: "# four" });
      await a.durable();
      const first = await takeVersion(owner.client, id, "First draft");
      expect(first).toMatchObject({ name: "First draft", kind: "manual", createdBy: { id: owner.id, username: owner.username } });
      expect(Date.parse(first.createdAt)).not.toBeNaN();

      cellSource(a.doc, "cell-a")!.insert("const a = 1;\n".length, "// changed\n");
      deleteCell(a.doc, "cell-b");
      moveCell(a.doc, "cell-d", 0);
      setCellKind(a.doc, "cell-c", "markdown");
      insertCell(a.doc, 4, { id: "cell-e", source: "new" });
      await a.durable();
      const second = await takeVersion(editor.client, id, "Second draft");

      const listed = await viewer.client.get(`/api/notebooks/${id}/versions`);
      expect(listed.status).toBe(200);
      expect(listed.body.versions.map((v: VersionView) => [v.name, v.createdBy?.username])).toEqual([
        ["Second draft", editor.username],
        ["First draft", owner.username],
      ]);

      const now = await diff(id, first.id);
      expect(now.to).toBe("current");
      expect(now.from.id).toBe(first.id);
      const cells = byId(now.cells);
      expect(cells["cell-a"]).toMatchObject({ status: "changed", changes: ["modified"] });
      expect(cells["cell-a"]!.patch).toContain("+// changed");
      expect(cells["cell-b"]).toMatchObject({ status: "removed", index: { from: 1, to: null } });
      expect(cells["cell-c"]).toMatchObject({ status: "changed", changes: ["kind-changed"], kind: { from: "code", to: "markdown" } });
      expect(cells["cell-d"]).toMatchObject({ status: "changed", changes: ["moved"], index: { from: 3, to: 0 } });
      expect(cells["cell-e"]).toMatchObject({ status: "added", kind: { from: null, to: "code" } });
      expect(now.summary).toEqual({ added: 1, removed: 1, modified: 1, moved: 1, kindChanged: 1, unchanged: 0 });

      const between = await diff(id, first.id, second.id);
      expect(between.to).toMatchObject({ id: second.id });
      expect(between.cells).toEqual(now.cells);
      const same = await diff(id, second.id);
      expect(same.cells.every((c) => c.status === "unchanged")).toBe(true);
    });

    it("restores a version as a new edit that live clients see, after an automatic version of the state before", async () => {
      const id = await sharedNotebook();
      const a = await live(id);
      insertCell(a.doc, 0, { id: "keep", source: "kept" });
      insertCell(a.doc, 1, { id: "edit", source: "original" });
      await a.durable();
      const first = await takeVersion(owner.client, id, "Good state");

      cellSource(a.doc, "edit")!.delete(0, "original".length);
      cellSource(a.doc, "edit")!.insert(0, "broken");
      insertCell(a.doc, 0, { id: "extra", source: "oops" });
      moveCell(a.doc, "keep", 2);
      await a.durable();
      const before = cellsOf(a);

      const b = await live(id, editorToken);
      const restored = await editor.client.post(`/api/notebooks/${id}/versions/${first.id}/restore`);
      expect(restored.status, JSON.stringify(restored.body)).toBe(200);
      expect(restored.body.restored).toMatchObject({ id: first.id, name: "Good state" });
      expect(restored.body.backup).toMatchObject({ name: "Before restoring “Good state”", kind: "auto", createdBy: { id: editor.id } });

      const wanted = [
        { id: "keep", kind: "code", source: "kept" },
        { id: "edit", kind: "code", source: "original" },
      ];
      for (const doc of [a, b]) await waitFor(() => JSON.stringify(cellsOf(doc)) === JSON.stringify(wanted), "the restore to arrive");

      const versions = (await owner.client.get(`/api/notebooks/${id}/versions`)).body.versions as VersionView[];
      expect(versions.map((v) => v.name)).toEqual(["Before restoring “Good state”", "Good state"]);
      // The automatic version holds exactly the state the restore replaced.
      const undo = await diff(id, restored.body.backup.id);
      expect(byId(undo.cells).extra).toMatchObject({ status: "removed" });
      expect(byId(undo.cells).edit!.patch).toContain("-broken");

      // History is not rewritten: restoring the automatic version brings the edits back.
      const back = await owner.client.post(`/api/notebooks/${id}/versions/${restored.body.backup.id}/restore`);
      expect(back.status).toBe(200);
      await waitFor(() => JSON.stringify(cellsOf(a)) === JSON.stringify(before), "restoring the automatic version");
      expect((await diff(id, restored.body.backup.id)).summary.unchanged).toBe(before.length);
    });

    it("a client that reconnects with stale pre-restore state resurrects and duplicates nothing", async () => {
      const id = await sharedNotebook();
      const a = await live(id);
      insertCell(a.doc, 0, { id: "one", source: "one" });
      insertCell(a.doc, 1, { id: "two", source: "two" });
      await a.durable();
      const version = await takeVersion(owner.client, id, "Two cells");
      insertCell(a.doc, 2, { id: "three", source: "three" });
      insertCell(a.doc, 3, { id: "four", source: "four" });
      await a.durable();

      const stale = await live(id, editorToken);
      expect(cellIds(stale.doc)).toEqual(["one", "two", "three", "four"]);
      stale.provider.disconnect();

      const restored = await owner.client.post(`/api/notebooks/${id}/versions/${version.id}/restore`);
      expect(restored.status).toBe(200);
      await waitFor(() => cellIds(a.doc).join() === "one,two", "the restore on the live client");

      // Offline, on the state from before the restore: edit and move deleted cells, add one, edit a kept one.
      cellSource(stale.doc, "three")!.insert(0, "stale ");
      moveCell(stale.doc, "four", 0);
      moveCell(stale.doc, "two", 0);
      cellSource(stale.doc, "one")!.insert(3, "!");
      insertCell(stale.doc, 1, { id: "offline", source: "written offline" });
      expect(cellIds(stale.doc)).toEqual(["two", "offline", "four", "one", "three"]);
      stale.provider.connect();
      await waitFor(() => stale.provider.synced, "the stale client to resync");
      await stale.durable();

      const fresh = await live(id);
      for (const doc of [a, stale, fresh]) {
        await waitFor(() => cellIds(doc.doc).includes("offline"), "the offline cell to spread");
        const ids = cellIds(doc.doc);
        expect(new Set(ids).size, `duplicates in ${ids.join()}`).toBe(ids.length);
        expect(ids).not.toContain("three");
        expect(ids).not.toContain("four");
        expect([...ids].sort()).toEqual(["offline", "one", "two"]);
        expect(cellSource(doc.doc, "one")!.toString()).toBe("one!");
      }
      expect(cellIds(fresh.doc)).toEqual(cellIds(stale.doc));
      expect(cellIds(a.doc)).toEqual(cellIds(stale.doc));
    });

    it("authorizes: readers list and diff, only editors take and restore versions, strangers see nothing", async () => {
      const id = await sharedNotebook();
      const version = await takeVersion(owner.client, id, "Base");
      const base = `/api/notebooks/${id}/versions`;
      expect((await viewer.client.get(base)).status).toBe(200);
      expect((await viewer.client.get(`${base}/${version.id}/diff`)).status).toBe(200);
      const refused = await viewer.client.post(base, { name: "Nope" });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain("notebook.edit");
      expect((await viewer.client.post(`${base}/${version.id}/restore`)).status).toBe(403);
      for (const response of [
        await stranger.client.get(base),
        await stranger.client.get(`${base}/${version.id}/diff`),
        await stranger.client.post(`${base}/${version.id}/restore`),
        await stranger.client.post(base, { name: "Nope" }),
      ]) {
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe("not_found");
      }
      // Nothing was added by the refused calls.
      expect((await owner.client.get(base)).body.versions).toHaveLength(1);
    });

    it("refuses bad input with a clear 4xx and stores nothing", async () => {
      const id = await sharedNotebook();
      const other = await sharedNotebook();
      const version = await takeVersion(owner.client, id, "Base");
      const base = `/api/notebooks/${id}/versions`;

      const badName = await owner.client.post(base, { name: "" });
      expect(badName.status).toBe(400);
      expect(badName.body.error.message).toContain("name");
      expect((await owner.client.post(base, { name: "x", extra: 1 })).status).toBe(400);

      const badAgainst = await owner.client.get(`${base}/${version.id}/diff?against=yesterday`);
      expect(badAgainst.status).toBe(400);
      expect(badAgainst.body.error.message).toBe('against: must be "current" or a version id');
      expect((await owner.client.get(`${base}/not-a-uuid/diff`)).status).toBe(400);

      const missing = "00000000-0000-4000-8000-000000000000";
      expect((await owner.client.get(`${base}/${missing}/diff`)).status).toBe(404);
      expect((await owner.client.get(`${base}/${version.id}/diff?against=${missing}`)).status).toBe(404);
      // A version belongs to its notebook only.
      expect((await owner.client.post(`/api/notebooks/${other}/versions/${version.id}/restore`)).status).toBe(404);
      expect((await owner.client.get(`/api/notebooks/${other}/versions/${version.id}/diff`)).status).toBe(404);

      await owner.client.post(`/api/notebooks/${id}/trash`);
      const trashed = await owner.client.post(`${base}/${version.id}/restore`);
      expect(trashed.status).toBe(409);
      expect((await owner.client.get(base)).body.versions).toHaveLength(1);
    });
  });
}
