import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { cellSource, insertCell, readCells } from "../collab/doc";
import { openStore } from "../db/client";
import { countDocUpdates, loadStoredDoc } from "../db/queries/docs";
import { ApiClient } from "./client";
import { connectDoc, readFresh, storedCovers, waitFor, waitSynced, type DocClient } from "./collab-client";
import { contentOf, sameStateVector } from "./collab-world";
import { createTestDatabase } from "./databases";
import { ADMIN } from "./global-setup";
import { startServerProcess, type ServerProcess } from "./server-process";

const MAX_MESSAGE = 4096;
const MAX_DOCUMENT = 48 * 1024;
const LIMITS = {
  TRACEBOOK_COLLAB_MAX_MESSAGE_BYTES: String(MAX_MESSAGE),
  TRACEBOOK_COLLAB_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT),
  TRACEBOOK_COLLAB_IDLE_SECONDS: "0.3",
  TRACEBOOK_COLLAB_COMPACT_AFTER: "5",
};

const stores = [{ name: "pglite", postgres: false }, ...(process.env.TEST_DATABASE_URL ? [{ name: "postgres", postgres: true }] : [])];

/** The server's awareness client id: a new one means the room was unloaded and loaded again. */

describe.each(stores)("collab limits and room lifecycle on $name", (store) => {
  let server: ServerProcess;
  let dataDir: string;
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let token: string;
  let admin: ApiClient;
  const open: DocClient[] = [];
  const connect = (notebookId: string, options: { storedState?: boolean } = {}) => {
    const client = connectDoc(server.url, notebookId, token, options);
    open.push(client);
    return client;
  };
  const loadedRooms = async () => ((await admin.get("/api/health")).body as { collab: { rooms: number } }).collab.rooms;
  const newNotebook = async () => (await admin.post("/api/notebooks", { name: "limits" })).body.notebook.id as string;
  const start = async () => {
    server = await startServerProcess({ ...LIMITS, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }, { dataDir });
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tracebook-limits-"));
    if (store.postgres) {
      const database = await createTestDatabase(process.env.TEST_DATABASE_URL!);
      databaseUrl = database.url;
      dropDatabase = database.drop;
    }
    await start();
    admin = new ApiClient(server.url);
    expect((await admin.post("/api/auth/signup", ADMIN)).status).toBe(201);
    token = (await admin.post("/api/tokens", { name: "limits" })).body.secret;
  });
  afterAll(async () => {
    for (const client of open) client.provider.destroy();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await dropDatabase?.();
  });

  it("closes a connection that sends a message over the size limit with 4413, and only that one", async () => {
    const notebookId = await newNotebook();
    const sender = connect(notebookId);
    const bystander = connect(notebookId);
    await Promise.all([waitSynced(sender), waitSynced(bystander)]);
    insertCell(sender.doc, 0, { source: "small" });
    await waitFor(() => readCells(bystander.doc).length === 1, "the small cell to arrive");
    // Between the limit and twice it: the core answers (beyond that the WebSocket layer closes with 1009).
    insertCell(sender.doc, 1, { source: "x".repeat(MAX_MESSAGE + 500) });
    await waitFor(() => sender.closes.length > 0, "the sender to be closed");
    expect(sender.closes[0]).toEqual({ code: 4413, reason: "message too large" });
    expect(bystander.closes).toEqual([]);
    const fresh = await readFresh(server.url, notebookId, token);
    expect(readCells(fresh).map((c) => c.source)).toEqual(["small"]);
  });

  it("closes a connection whose update would grow the document past its limit with 4413", async () => {
    const notebookId = await newNotebook();
    const writer = connect(notebookId);
    const reader = connect(notebookId);
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    const chunk = "y".repeat(3000);
    let accepted = 0;
    for (let i = 0; writer.closes.length === 0 && i < 40; i++) {
      insertCell(writer.doc, i, { source: `${i}:${chunk}` });
      await waitFor(() => readCells(reader.doc).length === i + 1 || writer.closes.length > 0, `cell ${i} or a close`);
      if (writer.closes.length === 0) accepted = i + 1;
    }
    expect(writer.closes[0]).toEqual({ code: 4413, reason: "document too large" });
    expect(accepted).toBeGreaterThan(5);
    expect(accepted * 3000).toBeLessThanOrEqual(MAX_DOCUMENT);
    const fresh = await readFresh(server.url, notebookId, token);
    expect(readCells(fresh)).toHaveLength(accepted);
    expect(reader.closes).toEqual([]);
  });

  it("unloads an idle room and loads it again from the store, unchanged", async () => {
    const notebookId = await newNotebook();
    const first = connect(notebookId, { storedState: true });
    await waitSynced(first);
    insertCell(first.doc, 0, { source: "before the room went idle" });
    await waitFor(() => storedCovers(first.stored!.vector(), first.doc), "the first cell to be stored");
    // Rooms of the other tests keep their connections, so this room's unload is the only change in the count.
    const loaded = await loadedRooms();

    // While another connection holds the room open, it stays loaded.
    const holder = connect(notebookId);
    await waitSynced(holder);
    first.provider.disconnect();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await loadedRooms()).toBe(loaded);
    first.provider.connect();
    await waitSynced(first);
    cellSource(first.doc, readCells(first.doc)[0]!.id)!.insert(0, "+");
    await waitFor(() => storedCovers(first.stored!.vector(), first.doc), "the edit to be stored");

    // With nobody connected for longer than the idle time, it unloads.
    first.provider.disconnect();
    holder.provider.disconnect();
    const expected = contentOf(first.doc);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await loadedRooms()).toBe(loaded - 1);
    first.provider.connect();
    await waitSynced(first);
    expect(await loadedRooms()).toBe(loaded);
    insertCell(first.doc, 1, { source: "after" });
    await waitFor(() => storedCovers(first.stored!.vector(), first.doc), "the reloaded room to store the new cell");
    const fresh = await readFresh(server.url, notebookId, token);
    expect(readCells(fresh).map((c) => c.source)).toEqual(["+before the room went idle", "after"]);
    expect(expected).toBe(JSON.stringify(readCells(fresh).slice(0, 1)));
  });

  it("compacts stored updates into a snapshot and reloads the identical document", async () => {
    const notebookId = await newNotebook();
    const writer = connect(notebookId);
    const reader = connect(notebookId);
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    const cell = insertCell(writer.doc, 0, { source: "" });
    const EDITS = 30;
    for (let i = 0; i < EDITS; i++) {
      // Each edit waits for the last: one stored row each, before compaction folds them.
      cellSource(writer.doc, cell)!.insert(i, String(i % 10));
      await waitFor(() => cellSource(reader.doc, cell)?.length === i + 1, `edit ${i} to arrive`);
    }
    writer.provider.disconnect();
    reader.provider.disconnect();
    const expected = new Y.Doc();
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(writer.doc));

    // Stop the server cleanly and read its store directly.
    await server.stop();
    const direct = await openStore({ databaseUrl, pgliteDir: path.join(dataDir, "pglite"), migrate: false });
    let rows: number;
    let snapshot: Awaited<ReturnType<typeof loadStoredDoc>>["snapshot"];
    try {
      rows = await countDocUpdates(direct.db, notebookId);
      snapshot = (await loadStoredDoc(direct.db, notebookId)).snapshot;
    } finally {
      await direct.close();
    }
    expect(snapshot).not.toBeNull();
    expect(rows).toBeLessThan(5);

    await start();
    const fresh = await readFresh(server.url, notebookId, token);
    expect(cellSource(fresh, cell)?.toString()).toBe(cellSource(expected, cell)?.toString());
    expect(contentOf(fresh)).toBe(contentOf(expected));
    expect(sameStateVector(fresh, expected)).toBe(true);
  });
});
