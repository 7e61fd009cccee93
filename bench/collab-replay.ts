import * as Y from "yjs";
import { cellIds, cellSource, insertCell } from "../collab/doc";
import { connectDoc, readFresh, storedCovers, waitFor, waitSynced } from "../test/collab-client";
import { loadTrace, type SequentialTrace } from "../test/editing-traces";
import { createTestDatabase } from "../test/databases";
import { startBenchServer, type BenchServer } from "./collab-server";
import { median, printRatio } from "./stats";
import { sendPerTick } from "./tick-client";

/**
 * The B4 trace (automerge-paper, 259,778 edits) typed into a notebook cell
 * through a real y-websocket client, timed until the server has stored all
 * of it (the stored state vector it sends, as to the editor for "saved",
 * covers the client's: protocol/collab.ts).
 * Anchor: bare Yjs applying the same edits in-process, same run.
 *
 * The client types one transaction per edit, yielding to the event loop
 * every millisecond of typing so that the socket is written as it goes.
 * Two ways of sending are measured: per tick (what one event-loop turn
 * typed goes out as one frame, see tick-client.ts) and per edit (the stock
 * y-websocket provider, one frame per transaction, socket writes coalesced).
 */

type Sending = "per-tick" | "per-edit";

/** Milliseconds of typing between two turns of the client's event loop. */
const TICK_MS = 1;

function applyTrace(text: Y.Text, trace: SequentialTrace): void {
  for (const txn of trace.txns) {
    // One transaction per edit, as a person typing makes them.
    text.doc!.transact(() => {
      for (const [position, deleted, inserted] of txn.patches) {
        if (deleted > 0) text.delete(position, deleted);
        if (inserted) text.insert(position, inserted);
      }
    });
  }
}

/** The same edits as `applyTrace`, yielding to the event loop every TICK_MS. */
async function typeTrace(text: Y.Text, trace: SequentialTrace): Promise<void> {
  const doc = text.doc!;
  let turnEnds = performance.now() + TICK_MS;
  let typed = 0;
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [position, deleted, inserted] of txn.patches) {
        if (deleted > 0) text.delete(position, deleted);
        if (inserted) text.insert(position, inserted);
      }
    });
    if ((++typed & 15) === 0 && performance.now() >= turnEnds) {
      await new Promise((resolve) => setImmediate(resolve));
      turnEnds = performance.now() + TICK_MS;
    }
  }
}

function bareYjs(trace: SequentialTrace): number {
  const doc = new Y.Doc();
  const started = performance.now();
  applyTrace(doc.getText("t"), trace);
  const elapsed = performance.now() - started;
  if (doc.getText("t").toString() !== trace.endContent) throw new Error("bare Yjs replay did not reach endContent");
  doc.destroy();
  return elapsed;
}

interface Replay {
  /** From the first edit until the server had stored the last. */
  ms: number;
  /** From the first edit until the client had typed the last: the rest is the server catching up. */
  typingMs: number;
}

/** One replay into a new notebook of a running server. */
async function replayOnce(server: BenchServer, trace: SequentialTrace, sending: Sending, name: string): Promise<Replay> {
  const notebookId = await server.createNotebook(name);
  const client = connectDoc(server.url, notebookId, server.token, { coalesceWrites: sending === "per-edit" ? 64 : 0, storedState: true });
  await waitSynced(client);
  const cellId = insertCell(client.doc, 0, { source: "" });
  const isDurable = () => storedCovers(client.stored!.vector(), client.doc);
  await waitFor(isDurable, "the empty cell to be stored", 30_000);

  if (sending === "per-tick") sendPerTick(client.provider);
  const started = performance.now();
  await typeTrace(cellSource(client.doc, cellId)!, trace);
  const typingMs = performance.now() - started;
  await new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + 600_000;
    const poll = () => {
      if (isDurable()) return resolve();
      if (Date.now() > deadline) return reject(new Error("the server did not store the trace in time"));
      setTimeout(poll, 2);
    };
    poll();
  });
  const elapsed = performance.now() - started;
  client.provider.destroy();

  const fresh = await readFresh(server.url, notebookId, server.token);
  if (cellIds(fresh)[0] !== cellId || cellSource(fresh, cellId)?.toString() !== trace.endContent) {
    throw new Error("the server's document does not equal endContent");
  }
  return { ms: elapsed, typingMs };
}

/**
 * The trace twice on one server, each into its own notebook: the first
 * replay meets a server fresh from start (V8 still compiling its hot paths
 * and PGlite's WebAssembly, on the core the client shares), the second a
 * warm one, as a long-running server is. The anchor runs warm too (its
 * first runs are part of the median).
 */
async function throughServer(trace: SequentialTrace, env: Record<string, string>, sending: Sending): Promise<{ cold: Replay; warm: Replay }> {
  const server = await startBenchServer(env);
  try {
    const cold = await replayOnce(server, trace, sending, "B4 replay (cold server)");
    const warm = await replayOnce(server, trace, sending, "B4 replay (warm server)");
    return { cold, warm };
  } finally {
    await server.stop();
  }
}

function pushReplays(results: Array<{ label: string } & Replay>, label: string, runs: { cold: Replay; warm: Replay }): void {
  results.push({ label: `${label}, warm server`, ...runs.warm }, { label: `${label}, cold server`, ...runs.cold });
}

export async function benchCollabReplay(): Promise<void> {
  const trace = loadTrace<SequentialTrace>("automerge-paper.json.gz");
  const edits = trace.txns.reduce((n, t) => n + t.patches.length, 0);
  const anchor = [bareYjs(trace), bareYjs(trace)];
  const results: Array<{ label: string } & Replay> = [];
  const pgBase = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const sendings = ((process.env.BENCH_REPLAY_SENDING ?? "per-tick,per-edit").split(",") as Sending[]).filter((s) => s === "per-tick" || s === "per-edit");
  for (const sending of sendings) {
    const how = sending === "per-tick" ? "one frame per tick" : "one frame per edit (stock provider)";
    pushReplays(results, `PGlite, ${how}`, await throughServer(trace, {}, sending));
    anchor.push(bareYjs(trace));
    if (!pgBase) continue;
    const database = await createTestDatabase(pgBase);
    try {
      pushReplays(results, `Postgres, ${how}`, await throughServer(trace, { DATABASE_URL: database.url }, sending));
    } finally {
      await database.drop();
    }
    anchor.push(bareYjs(trace));
  }
  const a = median(anchor);
  console.log(`collab-replay: B4 trace (${edits} edits) typed through y-websocket until the server stored it; goal <= 1.5x`);
  console.log(`${"anchor: bare Yjs in-process (median)".padEnd(58)} ${a.toFixed(0).padStart(8)} ms`);
  for (const { label, ms, typingMs } of results) {
    printRatio(label, ms, a);
    console.log(`${"".padEnd(4)}typing ${typingMs.toFixed(0)} ms (${(typingMs / a).toFixed(2)}x), then ${(ms - typingMs).toFixed(0)} ms until stored`);
  }
  if (!pgBase) console.log("Postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)");
}
