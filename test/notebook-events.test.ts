import { beforeAll, describe, expect, it } from "vitest";
import type { CommentEvent } from "../protocol/comments";
import { addCell } from "./cells";
import { ApiClient } from "./client";
import { startServerProcess } from "./server-process";
import { openEventStream, type EventReader } from "./sse";
import { adminClient, createNotebook, createUser, grant, PASSWORD, testServers, type TestUser } from "./world";

for (const server of testServers()) {
  describe(`notebook events on ${server.name}`, () => {
    let admin: ApiClient;
    let owner: TestUser;
    let editor: TestUser;
    let viewer: TestUser;
    let stranger: TestUser;
    let notebookId: string;
    let cellId: string;

    beforeAll(async () => {
      admin = await adminClient(server);
      [owner, editor, viewer, stranger] = await Promise.all(
        ["owner", "editor", "viewer", "stranger"].map((p) => createUser(admin, "member", p)),
      ) as [TestUser, TestUser, TestUser, TestUser];
      notebookId = await createNotebook(owner.client, "Live notebook");
      await grant(owner.client, notebookId, editor.id, "editor");
      await grant(owner.client, notebookId, viewer.id, "viewer");
      cellId = await addCell(owner.client, notebookId);
    });

    async function watch(client: ApiClient, id = notebookId): Promise<EventReader> {
      const opened = await openEventStream(client, `/api/notebooks/${id}/events`);
      expect(opened.status, JSON.stringify(opened.body)).toBe(200);
      expect(opened.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const reader = opened.reader!;
      expect((await reader.next())?.event).toBe("ready");
      return reader;
    }

    async function nextComment(reader: EventReader): Promise<CommentEvent> {
      return JSON.parse((await reader.nextOf("comment")).data) as CommentEvent;
    }

    it("pushes every thread change made by another user to each viewer of the notebook", async () => {
      const byCookie = await watch(viewer.client);
      const token = await viewer.client.post("/api/tokens", { name: "events" });
      const byToken = await watch(new ApiClient(server.url, token.body.secret));
      try {
        const created = await editor.client.post(`/api/notebooks/${notebookId}/comments`, { cellId, body: "Live?" });
        expect(created.status).toBe(201);
        for (const reader of [byCookie, byToken]) {
          const event = await nextComment(reader);
          expect(event).toMatchObject({ notebookId, action: "created" });
          expect(event.thread).toEqual(created.body.thread);
        }
        const threadPath = `/api/notebooks/${notebookId}/comments/${created.body.thread.id}`;
        const replied = await owner.client.post(`${threadPath}/replies`, { body: "Live." });
        const resolved = await editor.client.post(`${threadPath}/resolve`);
        const reopened = await owner.client.post(`${threadPath}/reopen`);
        const seen = [await nextComment(byCookie), await nextComment(byCookie), await nextComment(byCookie)];
        expect(seen.map((e) => e.action)).toEqual(["replied", "resolved", "reopened"]);
        expect(seen.map((e) => e.thread)).toEqual([replied.body.thread, resolved.body.thread, reopened.body.thread]);
        // Reopening an open thread changes nothing, so nothing is pushed; the next event is the next real change.
        await editor.client.post(`${threadPath}/reopen`);
        await owner.client.post(`${threadPath}/replies`, { body: "After a no-op." });
        expect((await nextComment(byCookie)).action).toBe("replied");
      } finally {
        await byCookie.cancel();
        await byToken.cancel();
      }
    });

    it("keeps each notebook's events to its own streams", async () => {
      const otherId = await createNotebook(owner.client, "Other live notebook");
      const otherCell = await addCell(owner.client, otherId);
      const reader = await watch(owner.client);
      try {
        await owner.client.post(`/api/notebooks/${otherId}/comments`, { cellId: otherCell, body: "elsewhere" });
        await owner.client.post(`/api/notebooks/${notebookId}/comments`, { cellId, body: "here" });
        const event = await nextComment(reader);
        expect(event.notebookId).toBe(notebookId);
        expect(event.thread.comments[0]!.body).toBe("here");
      } finally {
        await reader.cancel();
      }
    });

    it("ends the stream of a user whose access is revoked, and refuses them afterwards", async () => {
      const leaving = await createUser(admin, "member", "leaving");
      await grant(owner.client, notebookId, leaving.id, "reviewer");
      const reader = await watch(leaving.client);
      const staying = await watch(viewer.client);
      try {
        expect((await owner.client.delete(`/api/notebooks/${notebookId}/members/${leaving.id}`)).status).toBe(204);
        await owner.client.post(`/api/notebooks/${notebookId}/comments`, { cellId, body: "after the revocation" });
        const rest = await reader.ended();
        expect(rest).toEqual([{ event: "end", data: JSON.stringify({ reason: "revoked" }) }]);
        expect((await nextComment(staying)).thread.comments[0]!.body).toBe("after the revocation");
        const again = await openEventStream(leaving.client, `/api/notebooks/${notebookId}/events`);
        expect([again.status, again.reader]).toEqual([404, null]);
      } finally {
        await staying.cancel();
      }
    });

    it("ends every stream of a notebook moved to the trash", async () => {
      const id = await createNotebook(owner.client, "Trashed live notebook");
      await grant(owner.client, id, viewer.id, "viewer");
      const reader = await watch(viewer.client, id);
      expect((await owner.client.post(`/api/notebooks/${id}/trash`)).status).toBe(200);
      expect(await reader.ended()).toEqual([{ event: "end", data: JSON.stringify({ reason: "trashed" }) }]);
    });

    it("refuses strangers and anonymous callers with the JSON error shape", async () => {
      const path = `/api/notebooks/${notebookId}/events`;
      const refusedStranger = await openEventStream(stranger.client, path);
      expect([refusedStranger.status, refusedStranger.body]).toEqual([404, { error: { code: "not_found", message: "notebook not found" } }]);
      const anonymous = await openEventStream(new ApiClient(server.url), path);
      expect(anonymous.status).toBe(401);
      expect((await openEventStream(owner.client, "/api/notebooks/not-a-uuid/events")).status).toBe(400);
    });
  });
}

describe("notebook events at shutdown", () => {
  it("ends open streams so that a graceful stop is not held up", async () => {
    const server = await startServerProcess();
    try {
      const client = new ApiClient(server.url);
      const signup = await client.post("/api/auth/signup", { username: "first-admin", name: "First", password: PASSWORD });
      expect(signup.status).toBe(201);
      const id = await createNotebook(client, "Shutdown notebook");
      const opened = await openEventStream(client, `/api/notebooks/${id}/events`);
      expect((await opened.reader!.next())?.event).toBe("ready");
      const exit = server.stop("SIGTERM");
      expect(await opened.reader!.ended()).toEqual([{ event: "end", data: JSON.stringify({ reason: "shutdown" }) }]);
      expect(await exit).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
