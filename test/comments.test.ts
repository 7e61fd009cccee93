import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { cellSource } from "../collab/doc";
import { COMMENT_LIMITS, decodeBase64, encodeBase64, type ThreadView } from "../protocol/comments";
import { addCell, openDoc } from "./cells";
import type { ApiClient } from "./client";
import { waitFor } from "./collab-client";
import { adminClient, createNotebook, createUser, grant, testServers, type TestUser } from "./world";

const ROLES = ["editor", "runner", "reviewer", "viewer"] as const;

for (const server of testServers()) {
  describe(`comments on ${server.name}`, () => {
    let admin: ApiClient;
    let owner: TestUser;
    let team: Record<(typeof ROLES)[number], TestUser>;
    let stranger: TestUser;
    let notebookId: string;
    let cellId: string;
    const threadsPath = () => `/api/notebooks/${notebookId}/comments`;

    beforeAll(async () => {
      admin = await adminClient(server);
      owner = await createUser(admin, "member", "owner");
      stranger = await createUser(admin, "member", "stranger");
      notebookId = await createNotebook(owner.client, "Commented notebook");
      const members = await Promise.all(ROLES.map((role) => createUser(admin, "member", role)));
      team = Object.fromEntries(ROLES.map((role, i) => [role, members[i]!])) as typeof team;
      for (const role of ROLES) await grant(owner.client, notebookId, team[role].id, role);
      cellId = await addCell(owner.client, notebookId, "let rate = 0.3;\nconsole.log(rate);");
    });

    async function openThread(client: ApiClient, body = "Why 0.3?"): Promise<ThreadView> {
      const response = await client.post(threadsPath(), { cellId, body });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.thread;
    }

    async function countThreads(): Promise<number> {
      const response = await owner.client.get(threadsPath());
      return response.body.threads.length;
    }

    it("opens a thread, takes replies, resolves and reopens it", async () => {
      const opened = await openThread(team.editor.client, "  Why 0.3 and not 0.25?  ");
      expect(opened).toMatchObject({
        notebookId,
        cellId,
        anchorStart: null,
        anchorEnd: null,
        quote: null,
        resolved: false,
        resolvedAt: null,
        resolvedBy: null,
        createdBy: { id: team.editor.id, username: team.editor.username },
      });
      expect(opened.comments).toHaveLength(1);
      expect(opened.comments[0]).toMatchObject({ body: "Why 0.3 and not 0.25?", author: { id: team.editor.id }, mentions: [] });

      const reply = await team.reviewer.client.post(`${threadsPath()}/${opened.id}/replies`, { body: "Tuned on March data." });
      expect(reply.status).toBe(201);
      expect(reply.body.comment).toMatchObject({ body: "Tuned on March data.", author: { id: team.reviewer.id }, threadId: opened.id });
      expect(reply.body.thread.comments.map((c: { body: string }) => c.body)).toEqual(["Why 0.3 and not 0.25?", "Tuned on March data."]);

      const resolved = await team.runner.client.post(`${threadsPath()}/${opened.id}/resolve`);
      expect(resolved.status).toBe(200);
      expect(resolved.body.thread).toMatchObject({ resolved: true, resolvedBy: { id: team.runner.id } });
      expect(Date.parse(resolved.body.thread.resolvedAt)).not.toBeNaN();
      // Resolving again changes nothing: the first resolver stays.
      const again = await owner.client.post(`${threadsPath()}/${opened.id}/resolve`);
      expect(again.body.thread).toMatchObject({ resolved: true, resolvedBy: { id: team.runner.id } });

      const reopened = await owner.client.post(`${threadsPath()}/${opened.id}/reopen`);
      expect(reopened.status).toBe(200);
      expect(reopened.body.thread).toMatchObject({ resolved: false, resolvedAt: null, resolvedBy: null });

      const listed = await team.viewer.client.get(threadsPath());
      expect(listed.status).toBe(200);
      const mine = listed.body.threads.find((t: ThreadView) => t.id === opened.id);
      expect(mine).toEqual(reopened.body.thread);
    });

    it("reopens a resolved thread when someone replies", async () => {
      const thread = await openThread(owner.client);
      await owner.client.post(`${threadsPath()}/${thread.id}/resolve`);
      const reply = await team.editor.client.post(`${threadsPath()}/${thread.id}/replies`, { body: "Still wrong." });
      expect(reply.body.thread).toMatchObject({ resolved: false, resolvedBy: null });
      expect(reply.body.thread.comments).toHaveLength(2);
    });

    it("anchors a thread to a range that follows later edits of the cell", async () => {
      const client = await openDoc(owner.client, notebookId);
      try {
        const text = cellSource(client.doc, cellId)!;
        const at = (i: number) => encodeBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, i)));
        const body = { cellId, body: "This constant.", anchorStart: at(11), anchorEnd: at(14), quote: "0.3" };
        const response = await team.reviewer.client.post(threadsPath(), body);
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        expect(response.body.thread).toMatchObject({ anchorStart: body.anchorStart, anchorEnd: body.anchorEnd, quote: "0.3" });

        // Someone edits before the range; the stored anchors still cover "0.3".
        text.insert(0, "// tuned\n");
        const resolve = (b64: string) =>
          Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(decodeBase64(b64)), client.doc)!.index;
        const start = resolve(response.body.thread.anchorStart);
        const end = resolve(response.body.thread.anchorEnd);
        expect(text.toString().slice(start, end)).toBe("0.3");
      } finally {
        client.close();
      }
    });

    it("lists the threads of one cell", async () => {
      const other = await addCell(owner.client, notebookId, "const other = 1;");
      const response = await owner.client.post(threadsPath(), { cellId: other, body: "On the other cell" });
      expect(response.status).toBe(201);
      const listed = await owner.client.get(`${threadsPath()}?cellId=${other}`);
      expect(listed.body.threads.map((t: ThreadView) => t.comments[0]!.body)).toEqual(["On the other cell"]);
      const all = await owner.client.get(threadsPath());
      expect(all.body.threads.length).toBeGreaterThan(1);
      expect((await owner.client.get(`${threadsPath()}?cellId=${encodeURIComponent("bad id!")}`)).status).toBe(400);
    });

    it("keeps @mentions of members and admins, and drops everyone else", async () => {
      const body = `@${team.viewer.username.toUpperCase()} and @${stranger.username}, cc @${server.admin.username}. Also @nobody-here and @${team.viewer.username}!`;
      const thread = await openThread(team.editor.client, body);
      expect(thread.comments[0]!.mentions.map((m) => m.id)).toEqual([team.viewer.id, expect.any(String)]);
      expect(thread.comments[0]!.mentions.map((m) => m.username)).toEqual([team.viewer.username, server.admin.username]);
      const reply = await owner.client.post(`${threadsPath()}/${thread.id}/replies`, { body: `@${stranger.username} @${team.runner.username}?` });
      expect(reply.body.comment.mentions.map((m: { id: string }) => m.id)).toEqual([team.runner.id]);
      // Listing returns the same mention summaries.
      const listed = await owner.client.get(threadsPath());
      const found = listed.body.threads.find((t: ThreadView) => t.id === thread.id);
      expect(found.comments.map((c: { mentions: unknown[] }) => c.mentions.length)).toEqual([2, 1]);
    });

    it("refuses bad input with 400 and stores nothing", async () => {
      const before = await countThreads();
      const client = await openDoc(owner.client, notebookId);
      const other = await addCell(owner.client, notebookId, "elsewhere");
      await waitFor(() => cellSource(client.doc, other) !== undefined, "the new cell to arrive");
      const position = (cell: string, i: number) =>
        encodeBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(cellSource(client.doc, cell)!, i)));
      const good = position(cellId, 1);
      const cases: Array<[string, unknown]> = [
        ["empty body", { cellId, body: "" }],
        ["blank body", { cellId, body: "  \n " }],
        ["body too long", { cellId, body: "x".repeat(COMMENT_LIMITS.bodyChars + 1) }],
        ["NUL in body", { cellId, body: "a\u0000b" }],
        ["unknown field", { cellId, body: "hi", author: owner.id }],
        ["missing cellId", { body: "hi" }],
        ["bad cellId", { cellId: "../x", body: "hi" }],
        ["anchor not base64", { cellId, body: "hi", anchorStart: "not base64!", anchorEnd: good }],
        ["anchor not a position", { cellId, body: "hi", anchorStart: good, anchorEnd: encodeBase64(new Uint8Array([0, 0, 0])) }],
        ["anchor too long", { cellId, body: "hi", anchorStart: good, anchorEnd: "A".repeat(400) }],
        ["only one anchor", { cellId, body: "hi", anchorStart: good }],
        ["quote without range", { cellId, body: "hi", quote: "x" }],
        ["anchor in another cell", { cellId, body: "hi", anchorStart: good, anchorEnd: position(other, 2) }],
        ["body not a string", { cellId, body: 42 }],
      ];
      client.close();
      for (const [what, body] of cases) {
        const response = await team.editor.client.post(threadsPath(), body);
        expect([what, response.status, response.body.error?.code]).toEqual([what, 400, "invalid_body"]);
      }
      const notJson = await team.editor.client.request("POST", threadsPath(), undefined, { raw: "{nope" });
      expect(notJson.body.error.code).toBe("invalid_json");
      const missingCell = await team.editor.client.post(threadsPath(), { cellId: "no-such-cell", body: "hi" });
      expect([missingCell.status, missingCell.body.error.code]).toEqual([404, "not_found"]);
      expect(await countThreads()).toBe(before);

      const thread = await openThread(owner.client);
      for (const body of [{ body: "" }, { body: "x".repeat(COMMENT_LIMITS.bodyChars + 1) }, { body: "ok", extra: 1 }, {}]) {
        const response = await team.editor.client.post(`${threadsPath()}/${thread.id}/replies`, body);
        expect(response.status).toBe(400);
      }
      const listed = await owner.client.get(threadsPath());
      expect(listed.body.threads.find((t: ThreadView) => t.id === thread.id).comments).toHaveLength(1);
    });

    it("accepts a body of exactly the maximum length", async () => {
      const thread = await openThread(team.reviewer.client, "y".repeat(COMMENT_LIMITS.bodyChars));
      expect(thread.comments[0]!.body).toHaveLength(COMMENT_LIMITS.bodyChars);
    });

    it("lets viewers read but not comment, and hides the notebook from strangers", async () => {
      const thread = await openThread(owner.client);
      const viewer = team.viewer.client;
      expect((await viewer.get(threadsPath())).status).toBe(200);
      const attempts = [
        () => viewer.post(threadsPath(), { cellId, body: "hi" }),
        () => viewer.post(`${threadsPath()}/${thread.id}/replies`, { body: "hi" }),
        () => viewer.post(`${threadsPath()}/${thread.id}/resolve`),
        () => viewer.post(`${threadsPath()}/${thread.id}/reopen`),
      ];
      for (const attempt of attempts) expect((await attempt()).status).toBe(403);
      expect((await stranger.client.get(threadsPath())).status).toBe(404);
      expect((await stranger.client.post(threadsPath(), { cellId, body: "hi" })).status).toBe(404);
      expect((await stranger.client.post(`${threadsPath()}/${thread.id}/replies`, { body: "hi" })).status).toBe(404);
      // A thread is reachable only through its own notebook; a malformed id is a 400.
      const elsewhere = await createNotebook(owner.client, "Elsewhere");
      expect((await owner.client.post(`/api/notebooks/${elsewhere}/comments/${thread.id}/replies`, { body: "hi" })).status).toBe(404);
      expect((await owner.client.post(`/api/notebooks/${elsewhere}/comments/${thread.id}/resolve`)).status).toBe(404);
      expect((await owner.client.post(`${threadsPath()}/not-a-uuid/resolve`)).status).toBe(400);
    });

    it("freezes the threads of a trashed notebook and drops them with the notebook", async () => {
      const id = await createNotebook(owner.client, "To trash");
      const cell = await addCell(owner.client, id);
      const created = await owner.client.post(`/api/notebooks/${id}/comments`, { cellId: cell, body: "note" });
      expect(created.status).toBe(201);
      await owner.client.post(`/api/notebooks/${id}/trash`);
      expect((await owner.client.get(`/api/notebooks/${id}/comments`)).body.threads).toHaveLength(1);
      const refused = await owner.client.post(`/api/notebooks/${id}/comments`, { cellId: cell, body: "more" });
      expect([refused.status, refused.body.error.code]).toEqual([409, "conflict"]);
      expect((await owner.client.post(`/api/notebooks/${id}/comments/${created.body.thread.id}/resolve`)).status).toBe(409);
      expect((await owner.client.delete(`/api/notebooks/${id}`)).status).toBe(204);
      expect((await owner.client.get(`/api/notebooks/${id}/comments`)).status).toBe(404);
    });
  });
}
