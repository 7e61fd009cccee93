import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import pg from "pg";
import { openStore } from "../db/client";
import { insertUser } from "../db/queries/users";
import type { UserId } from "../protocol/ids";
import { DataEngine } from "../primitives/data/engine";
import { loadQueryResult } from "../primitives/data/kernel/sql-functions";
import { createConnections } from "../primitives/sql/connections";
import { createSqlRunner } from "../primitives/sql/runner";
import { createTestDatabase } from "../test/databases";
import { median, printRatio } from "./stats";
import { createSecretBox } from "../auth/secret-box";

/**
 * `data.query` on a workspace connection: BENCH_QUERY_ROWS (200,000) rows x
 * 5 columns (bigint, double, text, timestamptz, boolean) from a Postgres
 * table to a Dataset: the server's cursor fetched in 1,000-row batches to an
 * NDJSON file, then DuckDB casting it into a table with its content hash.
 * Anchor: node-postgres reading the same SELECT into JS rows in one go (what
 * the query costs before any of Tracebook's work), alternating rounds.
 * Goal: 3x. The server's JS heap growth shows it never holds the result.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROWS = Number(process.env.BENCH_QUERY_ROWS ?? 200_000);
const SQL = "select id, score, label, at, flag from bench_rows order by id";

export async function benchDataQuery(): Promise<void> {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) {
    console.log("data-query: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)");
    return;
  }
  console.log(`data-query: ${ROWS} rows x 5 columns over a workspace connection, ${ROUNDS} alternating rounds, median`);
  const database = await createTestDatabase(base);
  const store = await openStore({ pgliteDir: "memory://" });
  const engine = await DataEngine.open();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`create table bench_rows as
      select g::bigint as id, (g * 0.37)::float8 as score, 'label-' || (g % 97) as label,
             timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second' as at, g % 3 = 0 as flag
      from generate_series(1, ${Math.trunc(ROWS)}) g`);
    const user = await insertUser(store.db, { username: "bench", name: "Bench", passwordHash: "x", role: "admin" });
    const connections = createConnections({ db: store.db, box: createSecretBox(randomBytes(32)) });
    await connections.create({ user: { id: user!.id as UserId, username: "bench", name: "Bench", role: "admin" }, via: "session" }, { name: "bench", url: database.url });
    const runner = createSqlRunner({ store, connections, resultsDir: `${process.env.TMPDIR ?? "/tmp"}/tracebook-bench-query`, maxBytes: 2 ** 40 });
    const anchor: number[] = [];
    const ours: number[] = [];
    let heapGrowth = 0;
    let anchorHeapGrowth = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const anchorHeapBefore = process.memoryUsage().heapUsed;
      const anchorStart = performance.now();
      let plain: pg.QueryResult | null = await client.query(SQL);
      anchor.push(performance.now() - anchorStart);
      anchorHeapGrowth = Math.max(anchorHeapGrowth, process.memoryUsage().heapUsed - anchorHeapBefore);
      if (plain.rows.length !== ROWS) throw new Error(`data-query: the anchor read ${plain.rows.length} rows`);
      plain = null;

      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      const answer = await runner.run({ sql: SQL, params: [], connection: "bench", maxRows: ROWS, timeoutMs: 600_000 });
      heapGrowth = Math.max(heapGrowth, process.memoryUsage().heapUsed - heapBefore);
      if (!answer.ok) throw new Error(`data-query: ${answer.error.message}`);
      const dataset = await loadQueryResult(engine, answer.file, answer.columns);
      ours.push(performance.now() - started);
      await rm(answer.file, { force: true });
      if (dataset.rowCount !== ROWS) throw new Error(`data-query: loaded ${dataset.rowCount} rows`);
      await engine.release(dataset);
    }
    const a = median(anchor);
    printRatio("node-postgres SELECT into JS rows (anchor)", a, a);
    printRatio("data.query's runner + load into a Dataset (goal <= 3x)", median(ours), a);
    console.log(`rounds (ms): anchor ${anchor.map((x) => x.toFixed(0)).join(" ")}; data.query ${ours.map((x) => x.toFixed(0)).join(" ")}`);
    // Uncollected garbage counts in both: a ceiling on what either held, not a measure of what it kept.
    console.log(`JS heap growth: anchor ${(anchorHeapGrowth / 2 ** 20).toFixed(1)} MiB (every row at once); data.query ${(heapGrowth / 2 ** 20).toFixed(1)} MiB (1,000-row batches written as they come)`);
  } finally {
    await client.end();
    await engine.close();
    await store.close();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchDataQuery();
