import pg from "pg";
import * as Y from "yjs";
import { cellSource, insertCell } from "../collab/doc";
import { connectDoc, waitFor, waitSynced } from "../test/collab-client";
import { createTestDatabase } from "../test/databases";
import { startBenchServer } from "./collab-server";
import { percentile, sleep } from "./stats";

/**
 * Edit-to-durable latency: a y-websocket client types one insert every
 * 50 ms; each is timed from the edit to the server's acknowledgement that
 * it is stored (the server's awareness state `{server: true, durable:
 * <state vector>}` covering the edit's clock; see collab/room.ts). Anchor:
 * a bare INSERT round trip (with its commit) on the same Postgres, same run.
 * Goal: p99 < 10 ms on Postgres.
 */

const EDITS = Number(process.env.BENCH_DURABLE_EDITS ?? 300);
const EDIT_INTERVAL_MS = 50;

interface Latencies {
  p50: number;
  p99: number;
}

function summarize(values: number[]): Latencies {
  return { p50: percentile(values, 0.5), p99: percentile(values, 0.99) };
}

/** The server's stored clock of `clientId`, from its awareness state; -1 before it announced one. */
function durableClock(states: Map<number, Record<string, unknown>>, clientId: number): number {
  for (const state of states.values()) {
    if (state.server !== true || typeof state.durable !== "string") continue;
    return Y.decodeStateVector(new Uint8Array(Buffer.from(state.durable, "base64"))).get(clientId) ?? 0;
  }
  return -1;
}

async function throughServer(env: Record<string, string>): Promise<Latencies> {
  const server = await startBenchServer(env);
  try {
    const notebookId = await server.createNotebook("durable");
    const client = connectDoc(server.url, notebookId, server.token);
    await waitSynced(client);
    const { doc, provider } = client;
    const cellId = insertCell(doc, 0, { source: "" });
    const ownClock = () => Y.getState(doc.store, doc.clientID);
    const stored = () => durableClock(provider.awareness.getStates(), doc.clientID);
    await waitFor(() => stored() >= ownClock(), "the empty cell to be stored");

    const waiting: Array<{ clock: number; at: number }> = [];
    const latencies: number[] = [];
    provider.awareness.on("change", () => {
      const clock = stored();
      const now = performance.now();
      while (waiting.length > 0 && waiting[0]!.clock <= clock) latencies.push(now - waiting.shift()!.at);
    });
    const text = cellSource(doc, cellId)!;
    for (let i = 0; i < EDITS; i++) {
      const at = performance.now();
      text.insert(text.length, "x");
      waiting.push({ clock: ownClock(), at });
      await sleep(EDIT_INTERVAL_MS);
    }
    await waitFor(() => waiting.length === 0, "the last edits to be acknowledged");
    provider.destroy();
    return summarize(latencies);
  } finally {
    await server.stop();
  }
}

/** A bare INSERT of a small row and its commit, one after another, on its own connection. */
async function bareInserts(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("create table bench_inserts (id bigserial primary key, payload bytea not null)");
    const latencies: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const at = performance.now();
      await client.query("insert into bench_inserts (payload) values ($1)", [Buffer.from([i & 255, 1, 2, 3])]);
      latencies.push(performance.now() - at);
    }
    await client.query("drop table bench_inserts");
    return latencies;
  } finally {
    await client.end();
  }
}

function printLine(label: string, value: Latencies, anchor?: Latencies): void {
  const ratio = anchor ? `   p99 ratio ${(value.p99 / anchor.p99).toFixed(2)}x anchor` : "";
  console.log(`${label.padEnd(44)} p50 ${value.p50.toFixed(2).padStart(6)} ms   p99 ${value.p99.toFixed(2).padStart(6)} ms${ratio}`);
}

export async function benchCollabDurable(): Promise<void> {
  const pgBase = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  console.log(`collab-durable: ${EDITS} edits, one every ${EDIT_INTERVAL_MS} ms, edit -> the server's durable acknowledgement; goal p99 < 10 ms on Postgres`);
  if (!pgBase) {
    console.log("skipped: needs Postgres (set BENCH_DATABASE_URL or TEST_DATABASE_URL)");
    return;
  }
  const database = await createTestDatabase(pgBase);
  try {
    const before = await bareInserts(database.url);
    const postgres = await throughServer({ DATABASE_URL: database.url });
    const after = await bareInserts(database.url);
    // Before and after ours, pooled: the store's weather during the run counts on both sides.
    const anchor = summarize([...before, ...after]);
    printLine("anchor: bare INSERT round trip, Postgres", anchor);
    printLine("tracebook, Postgres: edit -> durable ack", postgres, anchor);
  } finally {
    await database.drop();
  }
  printLine("tracebook, PGlite: edit -> durable ack", await throughServer({}));
}
