import pg from "pg";
import { cellSource, insertCell } from "../collab/doc";
import { connectDoc, waitFor, waitSynced } from "../test/collab-client";
import { createTestDatabase } from "../test/databases";
import { startBenchServer } from "./collab-server";
import { percentile, sleep } from "./stats";

/**
 * Edit-to-durable latency: a y-websocket client types one insert every
 * 50 ms; each is timed from the edit until a second client has it, which
 * the server allows only once the update is stored. Anchor: a bare INSERT
 * round trip (with its commit) on the same Postgres, same run. Goal: p99 <
 * 10 ms on Postgres.
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

/**
 * Each edit is timed from the keystroke to its arrival at a second client.
 * The server broadcasts an update only after it is stored, so arrival
 * elsewhere proves it durable: the figure bounds edit-to-durable from above
 * (it adds one delivery hop), without relying on the throttled "saved"
 * announcement.
 */
async function throughServer(env: Record<string, string>): Promise<Latencies> {
  const server = await startBenchServer(env);
  try {
    const notebookId = await server.createNotebook("durable");
    const writer = connectDoc(server.url, notebookId, server.token);
    const reader = connectDoc(server.url, notebookId, server.token);
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    const cellId = insertCell(writer.doc, 0, { source: "" });
    await waitFor(() => cellSource(reader.doc, cellId) !== undefined, "the empty cell to arrive");
    const text = cellSource(writer.doc, cellId)!;
    const seen = () => cellSource(reader.doc, cellId)?.length ?? 0;
    const latencies: number[] = [];
    let expected = 0;
    let sentAt = 0;
    let arrived: (() => void) | null = null;
    reader.doc.on("update", () => {
      if (arrived && seen() >= expected) {
        latencies.push(performance.now() - sentAt);
        const done = arrived;
        arrived = null;
        done();
      }
    });
    for (let i = 0; i < EDITS; i++) {
      expected = text.length + 1;
      const landed = new Promise<void>((resolve) => (arrived = resolve));
      sentAt = performance.now();
      text.insert(text.length, "x");
      await landed;
      await sleep(EDIT_INTERVAL_MS);
    }
    writer.provider.destroy();
    reader.provider.destroy();
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
  console.log(`collab-durable: ${EDITS} edits, one every ${EDIT_INTERVAL_MS} ms, edit -> stored -> received by another client (stored before any broadcast); goal p99 < 10 ms on Postgres`);
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
    printLine("tracebook, Postgres: edit -> stored, seen", postgres, anchor);
  } finally {
    await database.drop();
  }
  printLine("tracebook, PGlite: edit -> stored, seen", await throughServer({}));
}
