import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { cellIds, insertCell } from "../collab/doc";
import { ApiClient } from "./client";
import { connectDoc, readFresh, waitFor, waitSynced, type DocClient } from "./collab-client";
import { contentOf, notebookProblems, sameStateVector, uncontained } from "./collab-world";
import { createTestDatabase } from "./databases";
import { ADMIN } from "./global-setup";
import { editRandomly } from "./notebook-edits";
import { seededRandom, testSeed } from "./random";
import { startServerProcess, type ServerProcess } from "./server-process";

const KILLS = 20;
/** Per-kill timings on stderr, for when the loop runs long. */
const DEBUG = process.env.TEST_CRASH_DEBUG === "1";
const EDITORS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
process.setMaxListeners(100);

interface Store {
  name: string;
  env(): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

const stores: Store[] = [{ name: "pglite", env: async () => ({}), cleanup: async () => undefined }];
if (process.env.TEST_DATABASE_URL) {
  let drop: (() => Promise<void>) | undefined;
  stores.push({
    name: "postgres",
    async env() {
      const database = await createTestDatabase(process.env.TEST_DATABASE_URL!);
      drop = database.drop;
      return { DATABASE_URL: database.url };
    },
    cleanup: async () => drop?.(),
  });
}

/**
 * Edits from several clients while the server is killed with SIGKILL and
 * restarted on the same store, over and over; after each restart a fresh
 * client must see every update any client had been sent.
 */
async function crashLoop(store: Store): Promise<void> {
  let server: ServerProcess | undefined;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tracebook-crash-"));
  const editors: DocClient[] = [];
  let editing = true;
  let loops: Array<Promise<void>> = [];
  try {
    const seed = testSeed(4_242);
    const random = seededRandom(seed);
    const env = await store.env();
    const start = async () => (server = await startServerProcess(env, { dataDir }));
    await start();

    const admin = new ApiClient(server!.url);
    expect((await admin.post("/api/auth/signup", ADMIN)).status).toBe(201);
    const notebookId = (await admin.post("/api/notebooks", { name: "crash test" })).body.notebook.id as string;
    const token = (await admin.post("/api/tokens", { name: "crash" })).body.secret as string;

    // Every update the server sent a client, as sent: each must survive any
    // crash. (What a client's document emits on applying one is no measure:
    // it also deletes the client's own unsent items the update overrides,
    // and those were never the server's to keep.)
    const received: Uint8Array[] = [];
    const onServerUpdate = (update: Uint8Array) => received.push(update);
    const docs = Array.from({ length: EDITORS }, () => new Y.Doc());
    const connectAll = async () => {
      editors.splice(0).forEach((e) => e.provider.destroy());
      editors.push(...docs.map((doc) => connectDoc(server!.url, notebookId, token, { doc, onServerUpdate })));
      await Promise.all(editors.map((e) => waitSynced(e)));
    };
    await connectAll();
    for (let i = 0; i < 3; i++) insertCell(docs[0]!, i, { source: `#mseed-${i}#` });

    loops = docs.map(async (doc, index) => {
      const mine = seededRandom(seed * 31 + index);
      const counter = { n: 0 };
      while (editing) {
        await sleep(mine.int(0, 12));
        editRandomly(doc, mine, `${index}`, counter);
      }
    });

    for (let kill = 1; kill <= KILLS; kill++) {
      await sleep(random.int(150, 700));
      await server!.stop("SIGKILL");
      // Nobody reconnects before the check: a client re-sending what it
      // holds would hide an update the server lost.
      editors.forEach((e) => e.provider.disconnect());
      const checked = received.length;
      const t0 = performance.now();
      await start();
      const t1 = performance.now();
      const fresh = await readFresh(server!.url, notebookId, token);
      const t2 = performance.now();
      const lost = uncontained(fresh, received.slice(0, checked));
      if (DEBUG) console.error(`[crash ${store.name}] kill ${kill}: restart ${(t1 - t0).toFixed(0)} ms, fresh read ${(t2 - t1).toFixed(0)} ms, check of ${checked} updates ${(performance.now() - t2).toFixed(0)} ms`);
      expect(lost, `${store.name}, kill ${kill} (seed ${seed}): received updates missing after restart`).toEqual([]);
      expect(notebookProblems(fresh), `${store.name}, kill ${kill} (seed ${seed})`).toEqual([]);
      await connectAll();
    }
    editing = false;
    await Promise.all(loops);

    await waitFor(
      () => editors.every((e) => e.provider.synced && sameStateVector(e.doc, docs[0]!)),
      "the editors to converge after the last restart",
      30_000,
    );
    const fresh = await readFresh(server!.url, notebookId, token);
    expect(uncontained(fresh, received)).toEqual([]);
    for (const doc of docs) expect(contentOf(doc)).toBe(contentOf(fresh));
    expect(notebookProblems(fresh)).toEqual([]);
    expect(cellIds(fresh).length).toBeGreaterThan(0);
    expect(received.length).toBeGreaterThan(KILLS);
  } finally {
    editing = false;
    await Promise.all(loops);
    for (const editor of editors) editor.provider.destroy();
    await server?.stop("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
    await store.cleanup();
  }
}

// The stores run side by side: most of each loop is waiting for a restart.
describe.concurrent("crash durability", () => {
  for (const store of stores) {
    it(`on ${store.name}: loses no update any client received across ${KILLS} SIGKILLs at random moments`, () => crashLoop(store), 900_000);
  }
});
