import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../auth/principal";
import { openStore, type Store } from "../../db/client";
import { findLineageRun } from "../../db/queries/lineage-runs";
import { AppError } from "../../protocol/errors";
import type { UserId } from "../../protocol/ids";
import { buildPipeline, type PipelineFixture } from "./pipeline-fixture";
import { createQuarantineFile } from "./quarantine";
import { createLineage, type LineageService } from "./service";

const principal = (name: string): Principal => ({ user: { id: randomUUID() as UserId, username: name, name, role: "member" }, via: "session" });

describe("lineage service (PGlite)", () => {
  let store: Store;
  let lineage: LineageService;
  let p: PipelineFixture;
  const alice = principal("alice");
  const bob = principal("bob");
  /** Alice reads both notebooks; Bob only notebook A. */
  let readable: Map<Principal, Set<string>>;

  beforeAll(async () => {
    store = await openStore({ pgliteDir: "memory://" });
    p = buildPipeline(alice.user.id as string);
    readable = new Map([
      [alice, new Set([p.notebookA, p.notebookB])],
      [bob, new Set([p.notebookA])],
    ]);
    lineage = createLineage({
      db: store.db,
      canRead: async (who, notebookId) => {
        if (!readable.get(who)?.has(notebookId)) throw new AppError("not_found", "notebook not found");
      },
    });
    for (const event of p.events) lineage.recorder.record(event);
    await lineage.recorder.flush();
  });
  afterAll(async () => {
    await lineage?.close();
    await store?.close();
  });

  it("records through the recorder into the store", async () => {
    expect((await findLineageRun(store.db, p.runs.split))?.run.status).toBe("completed");
    expect(lineage.recorder.buffered).toBe(0);
  });

  it("shows a notebook's lineage from all its jobs, to its readers only", async () => {
    const graph = await lineage.graph(alice, { kind: "notebook", id: p.notebookA, direction: "both", depth: 3 });
    const runs = graph.nodes.filter((n) => n.kind === "run").map((n) => n.id);
    expect(runs.sort()).toEqual([p.runs.notebook, p.runs.load, p.runs.clean, p.runs.split, p.runs.train].sort());
    expect(graph.roots).toHaveLength(4);
    // Bob cannot read notebook B: its run and the model it wrote are left out.
    const forBob = await lineage.graph(bob, { kind: "notebook", id: p.notebookA, direction: "both", depth: 3 });
    expect(forBob.nodes.some((n) => n.id === p.runs.train)).toBe(false);
    expect(forBob.nodes.every((n) => n.notebookId === null || n.notebookId === p.notebookA)).toBe(true);
    await expect(lineage.graph(bob, { kind: "notebook", id: p.notebookB, direction: "up", depth: 1 })).rejects.toMatchObject({ code: "not_found" });
  });

  it("answers an empty graph for a readable notebook without lineage, and 404 for an unknown node", async () => {
    const fresh = randomUUID();
    readable.get(alice)!.add(fresh);
    expect(await lineage.graph(alice, { kind: "notebook", id: fresh, direction: "down", depth: 2 })).toEqual({ roots: [], nodes: [], edges: [], truncated: false });
    await expect(lineage.graph(alice, { kind: "run", id: randomUUID(), direction: "down", depth: 2 })).rejects.toMatchObject({ code: "not_found" });
    await expect(lineage.graph(bob, { kind: "run", id: p.runs.train, direction: "down", depth: 2 })).rejects.toMatchObject({ code: "not_found" });
  });

  it("exports a run to readers of its notebook", async () => {
    const events = await lineage.exportRun(alice, p.runs.train);
    expect(events.map((e) => e.eventType)).toEqual(["START", "FAIL"]);
    await expect(lineage.exportRun(bob, p.runs.train)).rejects.toMatchObject({ code: "not_found" });
    await expect(lineage.exportRun(alice, randomUUID())).rejects.toMatchObject({ code: "not_found" });
  });

  it("keeps events while the store is closed and writes them once it is back", async () => {
    // A store whose transactions are refused (as with a lost connection) until it comes back.
    const down = await openStore({ pgliteDir: "memory://" });
    let available = false;
    const attempts: number[] = [];
    const flaky = createLineage({
      db: new Proxy(down.db, {
        get(target, prop, receiver) {
          if (prop === "transaction" && !available) return () => Promise.reject(new Error("ECONNREFUSED"));
          return Reflect.get(target, prop, receiver);
        },
      }),
      canRead: async () => {},
      recorder: { onWriteError: () => {}, sleep: async () => {
        attempts.push(attempts.length);
        // The store comes back after a few failed writes.
        if (attempts.length === 3) available = true;
      } },
    });
    const q = buildPipeline();
    for (const event of q.events) flaky.recorder.record(event);
    await flaky.recorder.flush();
    expect(attempts).toHaveLength(3);
    const train = await findLineageRun(down.db, q.runs.train);
    expect(train?.events.map((e) => e.eventType)).toEqual(["START", "FAIL"]);
    await flaky.close();
    await down.close();
  });

  it("sets aside, in its file, an event the reachable store refuses, and records the rest", async () => {
    const own = await openStore({ pgliteDir: "memory://" });
    const dir = await mkdtemp(path.join(os.tmpdir(), "lineage-"));
    // A constraint the store enforces and no retry can satisfy: every FAIL event is refused.
    await own.db.execute(sql`alter table lineage_run_events add constraint no_failures check (event_type <> 'FAIL')`);
    const guarded = createLineage({
      db: own.db,
      ping: own.ping,
      quarantineFile: path.join(dir, "refused.ndjson"),
      canRead: async () => {},
      recorder: { sleep: async () => {}, onWriteError: () => {} },
    });
    const q = buildPipeline();
    const errors = console.error;
    console.error = () => {};
    try {
      for (const event of q.events) guarded.recorder.record(event);
      await guarded.recorder.flush();
    } finally {
      console.error = errors;
    }
    expect((await findLineageRun(own.db, q.runs.split))?.run.status).toBe("completed");
    expect((await findLineageRun(own.db, q.runs.train))?.events.map((e) => e.eventType)).toEqual(["START"]);
    const refused = await createQuarantineFile(path.join(dir, "refused.ndjson")).read();
    expect(refused.map((r) => [r.event.eventType, r.event.run.runId])).toEqual([["FAIL", q.runs.train]]);
    expect(refused[0]!.error).toMatch(/no_failures/);
    await guarded.close();
    await own.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("takes the longest names the event schema allows, in any script", async () => {
    // 256 random supplementary-plane characters: 1024 bytes that barely compress, for namespace and name both.
    const wide = () => Array.from({ length: 256 }, () => String.fromCodePoint(0x20000 + Math.floor(Math.random() * 0xa000))).join("");
    const q = buildPipeline();
    const start = { ...q.events[1]!, job: { namespace: wide(), name: wide(), kind: "cell" as const } };
    start.outputs = [{ namespace: wide(), name: wide(), version: q.versions.raw }];
    lineage.recorder.record(start);
    await lineage.recorder.flush();
    expect((await findLineageRun(store.db, q.runs.load))?.job.name).toBe(start.job.name);
  });
});
