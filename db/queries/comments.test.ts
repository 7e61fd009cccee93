import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStores } from "../../test/stores";
import type { Store } from "../client";
import { deleteNotebook, insertNotebook, upsertMember } from "./notebooks";
import { insertUser, updateUser, type UserRow } from "./users";
import {
  findMentionableUsers,
  findThread,
  insertComment,
  insertThread,
  listComments,
  listThreads,
  setThreadResolved,
} from "./comments";

const stores = testStores();

describe.each(stores)("comment queries on $name", ({ open }) => {
  let store: Store;
  let drop: (() => Promise<void>) | undefined;
  const people: Record<string, UserRow> = {};

  beforeAll(async () => {
    ({ store, drop } = await open());
    for (const [username, role] of [["owner", "member"], ["member", "member"], ["admin", "admin"], ["stranger", "member"], ["gone", "member"]] as const) {
      people[username] = (await insertUser(store.db, { username, name: username, passwordHash: "h", role }))!;
    }
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  async function notebookWithThread() {
    const notebook = await insertNotebook(store.db, { name: "N", ownerId: people.owner!.id });
    const { thread } = await insertThread(
      store.db,
      { notebookId: notebook.id, cellId: "c1", createdBy: people.owner!.id, anchorStart: new Uint8Array([1, 2]), anchorEnd: new Uint8Array([3]), quote: "q" },
      { body: "first", mentions: [] },
    );
    return { notebook, thread };
  }

  it("stores anchors as bytes and lists threads by notebook and cell", async () => {
    const { notebook, thread } = await notebookWithThread();
    await insertThread(store.db, { notebookId: notebook.id, cellId: "c2", createdBy: people.owner!.id, anchorStart: null, anchorEnd: null, quote: null }, { body: "b", mentions: [] });
    const found = await findThread(store.db, notebook.id, thread.id);
    expect([...found!.anchorStart!]).toEqual([1, 2]);
    expect([...found!.anchorEnd!]).toEqual([3]);
    expect((await listThreads(store.db, notebook.id)).map((t) => t.cellId)).toEqual(["c1", "c2"]);
    expect((await listThreads(store.db, notebook.id, "c2")).map((t) => t.cellId)).toEqual(["c2"]);
    // A thread is found only through its own notebook.
    const other = await insertNotebook(store.db, { name: "Other", ownerId: people.owner!.id });
    expect(await findThread(store.db, other.id, thread.id)).toBeNull();
  });

  it("resolves and reopens only on a real change", async () => {
    const { notebook, thread } = await notebookWithThread();
    const resolved = await setThreadResolved(store.db, notebook.id, thread.id, people.member!.id);
    expect(resolved?.resolvedBy).toBe(people.member!.id);
    expect(await setThreadResolved(store.db, notebook.id, thread.id, people.owner!.id)).toBeNull();
    expect((await findThread(store.db, notebook.id, thread.id))?.resolvedBy).toBe(people.member!.id);
    expect((await setThreadResolved(store.db, notebook.id, thread.id, null))?.resolvedAt).toBeNull();
    expect(await setThreadResolved(store.db, notebook.id, thread.id, null)).toBeNull();
  });

  it("finds mentionable users: members and admins, not strangers or disabled members", async () => {
    const { notebook } = await notebookWithThread();
    await upsertMember(store.db, { notebookId: notebook.id, userId: people.member!.id, role: "viewer", grantedBy: people.owner!.id });
    await upsertMember(store.db, { notebookId: notebook.id, userId: people.gone!.id, role: "editor", grantedBy: people.owner!.id });
    await updateUser(store.db, people.gone!.id, { disabled: true });
    const found = await findMentionableUsers(store.db, notebook.id, ["owner", "member", "admin", "stranger", "gone", "nobody"]);
    expect(found.map((u) => u.username).sort()).toEqual(["admin", "member", "owner"]);
  });

  it("deleting a notebook deletes its threads and their comments", async () => {
    const { notebook, thread } = await notebookWithThread();
    await insertComment(store.db, { threadId: thread.id, authorId: people.member!.id, body: "reply", mentions: [people.owner!.id] });
    expect(await listComments(store.db, [thread.id])).toHaveLength(2);
    await deleteNotebook(store.db, notebook.id);
    expect(await listThreads(store.db, notebook.id)).toEqual([]);
    expect(await listComments(store.db, [thread.id])).toEqual([]);
  });
});
