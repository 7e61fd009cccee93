import * as Y from "yjs";
import { cellIds, cellSource, insertCell } from "../collab/doc";
import { connectDoc, readFresh, waitFor, waitSynced } from "../test/collab-client";
import { covers } from "../test/collab-world";
import { loadTrace, type SequentialTrace } from "../test/editing-traces";
import { createTestDatabase } from "../test/databases";
import { startBenchServer } from "./collab-server";
import { median, printRatio } from "./stats";

/**
 * The B4 trace (automerge-paper, 259,778 edits) typed into a notebook cell
 * through a real y-websocket client, timed until the server has stored all
 * of it (its `durable` awareness state covers the client's state vector).
 * Anchor: bare Yjs applying the same edits in-process, same run.
 */

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

function bareYjs(trace: SequentialTrace): number {
  const doc = new Y.Doc();
  const started = performance.now();
  applyTrace(doc.getText("t"), trace);
  const elapsed = performance.now() - started;
  if (doc.getText("t").toString() !== trace.endContent) throw new Error("bare Yjs replay did not reach endContent");
  doc.destroy();
  return elapsed;
}

/** The server's stored state vector, from its awareness state (see collab/room.ts). */
function durableVector(states: Map<number, Record<string, unknown>>): Uint8Array | null {
  for (const state of states.values()) {
    if (state.server === true && typeof state.durable === "string") return new Uint8Array(Buffer.from(state.durable, "base64"));
  }
  return null;
}

async function throughServer(trace: SequentialTrace, env: Record<string, string>): Promise<number> {
  const server = await startBenchServer(env);
  try {
    const notebookId = await server.createNotebook("B4 replay");
    const client = connectDoc(server.url, notebookId, server.token);
    await waitSynced(client);
    const cellId = insertCell(client.doc, 0, { source: "" });
    const isDurable = () => {
      const durable = durableVector(client.provider.awareness.getStates());
      return durable !== null && covers(durable, Y.encodeStateVector(client.doc));
    };
    await waitFor(isDurable, "the empty cell to be stored", 30_000);

    const started = performance.now();
    applyTrace(cellSource(client.doc, cellId)!, trace);
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
    return elapsed;
  } finally {
    await server.stop();
  }
}

export async function benchCollabReplay(): Promise<void> {
  const trace = loadTrace<SequentialTrace>("automerge-paper.json.gz");
  const edits = trace.txns.reduce((n, t) => n + t.patches.length, 0);
  const anchor = [bareYjs(trace), bareYjs(trace)];
  const pglite = await throughServer(trace, {});
  anchor.push(bareYjs(trace));
  const pgBase = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let postgres: number | undefined;
  if (pgBase) {
    const database = await createTestDatabase(pgBase);
    try {
      postgres = await throughServer(trace, { DATABASE_URL: database.url });
    } finally {
      await database.drop();
    }
    anchor.push(bareYjs(trace));
  }
  const a = median(anchor);
  console.log(`collab-replay: B4 trace (${edits} edits) through the server until stored; goal <= 1.5x`);
  console.log(`${"anchor: bare Yjs in-process (median)".padEnd(44)} ${a.toFixed(0).padStart(8)} ms`);
  printRatio("tracebook, PGlite, client -> durable", pglite, a);
  if (postgres !== undefined) printRatio("tracebook, Postgres, client -> durable", postgres, a);
  else console.log("tracebook, Postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)");
}
