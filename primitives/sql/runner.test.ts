import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../auth/principal";
import type { Store } from "../../db/client";
import { insertParams, insertRun, upsertExperiment } from "../../db/queries/experiments";
import { writeLineageBatch } from "../../db/queries/lineage";
import { insertUser } from "../../db/queries/users";
import type { UserId } from "../../protocol/ids";
import { testStores, useTestStore } from "../../test/stores";
import { parseLineageEvent } from "../lineage/event";
import type { SqlAnswer } from "./answer";
import { createConnections, type Connections } from "./connections";
import { createSqlRunner, type SqlQuery, type SqlRunner } from "./runner";
import { createSecretBox } from "../../auth/secret-box";

const resultsDir = mkdtempSync(path.join(os.tmpdir(), "tracebook-sql-runner-"));
afterAll(() => rmSync(resultsDir, { recursive: true, force: true }));

/** An admin stored in `store` (connections name who added them). */
async function storedAdmin(store: Store): Promise<Principal> {
  const row = await insertUser(store.db, { username: `ada_${randomUUID().slice(0, 8)}`, name: "Ada", passwordHash: "x", role: "admin" });
  return { user: { id: row!.id as UserId, username: row!.username, name: row!.name, role: "admin" }, via: "session" };
}
const query = (sql: string, more: Partial<SqlQuery> = {}): SqlQuery => ({ sql, params: [], maxRows: 1000, timeoutMs: 30_000, ...more });

function rowsOf(answer: SqlAnswer): unknown[] {
  if (!answer.ok) throw new Error(`query failed: ${answer.error.code} ${answer.error.message}`);
  return readFileSync(answer.file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

function failureOf(answer: SqlAnswer) {
  if (answer.ok) throw new Error("the query succeeded");
  return answer.error;
}

describe.each(testStores())("data.query's runner on the $name store", ({ open }) => {
  let store: Store;
  let connections: Connections;
  let runner: SqlRunner;
  useTestStore(open, (opened) => (store = opened));
  beforeAll(async () => {
    connections = createConnections({ db: store.db, box: createSecretBox(randomBytes(32)) });
    runner = createSqlRunner({ store, connections, resultsDir, maxBytes: 100_000 });
    const runId = randomUUID();
    await writeLineageBatch(store.db, [
      parseLineageEvent({
        eventType: "START",
        eventTime: "2024-05-01T10:00:00.000Z",
        run: { runId },
        job: { namespace: "tracebook", name: "nb/cell-1", kind: "cell" },
      }),
    ]);
  });

  it("reads the lineage tables as text values typed by their Postgres OIDs, with bound parameters", async () => {
    const answer = await runner.run(query("select name, 41 + $1::int as n, true as yes, null::text as nothing, '2024-05-01 10:00:00+00'::timestamptz as at from lineage_jobs where name = $2;", { params: [1, "nb/cell-1"] }));
    expect(answer).toMatchObject({ ok: true, namespace: "tracebook", rowCount: 1 });
    if (!answer.ok) return;
    expect(answer.columns).toEqual([
      { name: "name", type: "VARCHAR" },
      { name: "n", type: "INTEGER" },
      { name: "yes", type: "BOOLEAN" },
      { name: "nothing", type: "VARCHAR" },
      { name: "at", type: "TIMESTAMPTZ" },
    ]);
    expect(rowsOf(answer)).toEqual([{ c0: "nb/cell-1", c1: "42", c2: "t", c3: null, c4: "2024-05-01 10:00:00+00" }]);
  });

  it("refuses the tables that hold people, secrets and notebooks", async () => {
    for (const table of ["users", "sessions", "api_tokens", "invites", "workspace_connections", "notebooks", "doc_updates"]) {
      const error = failureOf(await runner.run(query(`select * from ${table}`)));
      expect(error.code, table).toBe("permission_denied");
      expect(error.message).toMatch(new RegExp(`permission denied for table ${table}; on the Tracebook store cells read only`));
    }
  });

  it("cannot leave the reader role, write, or run anything but a query", async () => {
    const escape = failureOf(await runner.run(query(`select set_config('role', current_setting('is_superuser'), true), query_to_xml('select * from users', true, false, '')`)));
    expect(escape).toMatchObject({ code: "permission_denied", message: expect.stringMatching(/permission denied for function set_config/) });
    const sessionAuth = failureOf(await runner.run(query(`select set_config('session_authorization', session_user, true)`)));
    expect(sessionAuth.code).toBe("permission_denied");
    const reset = failureOf(await runner.run(query("reset role")));
    expect(reset).toMatchObject({ code: "sql_error", message: expect.stringMatching(/data\.query runs one SELECT/) });
    const block = failureOf(await runner.run(query("DO $$ BEGIN RESET ROLE; END $$")));
    expect(block.code).toBe("sql_error");
    const twoStatements = failureOf(await runner.run(query("select 1; reset role; select * from users")));
    expect(twoStatements.code).toBe("sql_error");
    const write = failureOf(await runner.run(query("with gone as (delete from lineage_jobs returning 1) select * from gone")));
    expect(write.code).toBe("sql_error");
    expect(rowsOf(await runner.run(query("select count(*) as n from lineage_jobs")))).toEqual([{ c0: expect.stringMatching(/^[1-9]/) }]);
  });

  it("shows a notebook's lineage, datasets and experiment runs only to queries scoped to it; rows of no notebook to all", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const tag = `scope_${randomUUID().slice(0, 8)}`;
    const runIds = { a: randomUUID(), b: randomUUID(), shared: randomUUID() };
    const event = (notebookId: string | undefined, name: keyof typeof runIds) =>
      parseLineageEvent({
        eventType: "COMPLETE",
        eventTime: new Date().toISOString(),
        run: { runId: runIds[name] },
        job: { namespace: "tracebook", name: `${tag}/${name}`, kind: "cell", ...(notebookId ? { notebookId } : {}) },
        outputs: [{ namespace: "tracebook", name: `${tag}_${name}_out`, version: createHash("sha256").update(`${tag}${name}`).digest("hex") }],
      });
    await writeLineageBatch(store.db, [event(a, "a"), event(b, "b"), event(undefined, "shared")]);
    const experiment = await upsertExperiment(store.db, { name: tag, createdBy: null });
    for (const [notebookId, name] of [[a, "a"], [b, "b"]] as const) {
      const run = await insertRun(store.db, { experimentId: experiment.id, name, notebookId, startTime: new Date() });
      await insertParams(store.db, run.id, [{ key: "from", value: name }]);
    }
    const read = async (sql: string, readableNotebooks: string[], params: string[] = [`${tag}%`]) =>
      rowsOf(await runner.run(query(sql, { params, readableNotebooks }))).map((row) => (row as { c0: string }).c0);

    const jobs = "select name from lineage_jobs where name like $1 order by name";
    expect(await read(jobs, [a])).toEqual([`${tag}/a`, `${tag}/shared`]);
    expect(await read(jobs, [a, b])).toEqual([`${tag}/a`, `${tag}/b`, `${tag}/shared`]);
    expect(await read(jobs, [])).toEqual([`${tag}/shared`]);
    const runsOfJobs = "select j.name from lineage_runs r join lineage_jobs j on j.id = r.job_id where j.name like $1 order by 1";
    expect(await read(runsOfJobs, [b])).toEqual([`${tag}/b`, `${tag}/shared`]);
    // A run hidden by its job hides its events and its dataset rows too, even read without the join.
    const events = "select count(*)::text from lineage_run_events where run_id::text = any (string_to_array($1, ','))";
    expect(await read(events, [b], [Object.values(runIds).join(",")])).toEqual(["2"]);
    expect(await read(events, [a, b], [Object.values(runIds).join(",")])).toEqual(["3"]);
    expect(await read("select name from lineage_datasets where name like $1 order by name", [b])).toEqual([`${tag}_b_out`, `${tag}_shared_out`]);
    expect(await read("select d.name from lineage_dataset_versions v join lineage_datasets d on d.id = v.dataset_id where d.name like $1 order by 1", [a])).toEqual([`${tag}_a_out`, `${tag}_shared_out`]);
    const nodes = "select count(*)::text from lineage_nodes where notebook_id is not null and (label like $1 or id like $1)";
    expect(await read(nodes, [])).toEqual(["0"]);
    expect(await read(nodes, [a, b])).not.toEqual(["0"]);
    const experimentRuns = "select r.name from experiment_runs r join experiments e on e.id = r.experiment_id where e.name like $1 order by 1";
    expect(await read(experimentRuns, [a])).toEqual(["a"]);
    expect(await read("select p.value from experiment_params p where p.key = 'from' and exists (select 1 from experiments e where e.name like $1) order by 1", [b])).not.toContain("a");
    expect(await read(experimentRuns, [a, b])).toEqual(["a", "b"]);
  });

  it("reports a SQL error with its SQLSTATE and the position in the cell's SQL", async () => {
    const error = failureOf(await runner.run(query("select nosuch from lineage_jobs")));
    expect(error).toMatchObject({ code: "sql_error", details: { sqlstate: "42703", position: 8, source: "tracebook" } });
    expect(error.message).toBe('column "nosuch" does not exist at position 8 (SQLSTATE 42703)');
  });

  it("stops past maxRows and past the size limit, leaving no file behind", async () => {
    const before = readdirSync(resultsDir).length;
    expect(failureOf(await runner.run(query("select g from generate_series(1, 20) g", { maxRows: 10 })))).toMatchObject({ code: "too_large", message: expect.stringMatching(/more than 10 rows/) });
    expect(failureOf(await runner.run(query("select repeat('x', 1000) from generate_series(1, 200)")))).toMatchObject({ code: "too_large", message: expect.stringMatching(/larger than 100000 bytes/) });
    expect(readdirSync(resultsDir).length).toBe(before);
    // Exactly maxRows is fine, and an empty result still has its columns.
    expect(await runner.run(query("select g from generate_series(1, 10) g", { maxRows: 10 }))).toMatchObject({ ok: true, rowCount: 10 });
    expect(await runner.run(query("select 1::bigint as id where false"))).toMatchObject({ ok: true, rowCount: 0, columns: [{ name: "id", type: "BIGINT" }] });
  });

  it("ends a query that would work too long as a timeout: Postgres cancels it, PGlite (no timers) refuses its plan", async () => {
    const long = { timeoutMs: 300 };
    const counted = failureOf(await runner.run(query("select count(*) from generate_series(1, 100000000)", long)));
    expect(counted.code).toBe("timeout");
    const recursive = failureOf(await runner.run(query("with recursive t(n) as (select 1 union all select n + 1 from t) select count(*) from t", long)));
    expect(recursive.code).toBe("timeout");
    if (store.kind === "pglite") {
      expect(counted).toMatchObject({ details: { maxCost: expect.any(Number) }, message: expect.stringMatching(/embedded store cannot stop a query/) });
      expect(recursive.message).toMatch(/refused a recursive query/);
    }
    // A sleep is cut short by the timeout, or is not the reader's to call where nothing could cut it.
    const slept = failureOf(await runner.run(query("select pg_sleep(600)", long)));
    expect(slept.code).toBe(store.kind === "pglite" ? "permission_denied" : "timeout");
    // A set-returning function in FROM runs to its end before its first row: refused too.
    expect(failureOf(await runner.run(query("select g from generate_series(1, 100000000) g", long))).code).toBe("timeout");
    // Rows that stream are not refused: the row limit stops them between batches.
    expect(failureOf(await runner.run(query("select a.oid from pg_class a, pg_class b, pg_class c", { ...long, maxRows: 2000 })))).toMatchObject({ code: "too_large" });
    // A broken query still fails as its own SQL error, positioned in the cell's text.
    expect(failureOf(await runner.run(query("select nosuch from lineage_jobs", long)))).toMatchObject({ code: "sql_error", details: { position: 8 } });
  });

  it("names the known connections when asked for an unknown one", async () => {
    await connections.create(await storedAdmin(store), { name: `known_${randomUUID().slice(0, 6)}`, url: "postgres://u:pw@127.0.0.1:1/nowhere" });
    const error = failureOf(await runner.run(query("select 1", { connection: "nope" })));
    expect(error).toMatchObject({ code: "unknown_connection", details: { connection: "nope", known: [expect.stringMatching(/^known_/)] } });
    expect(error.message).toMatch(/^no connection named "nope" \(connections: known_/);
  });
});

const baseUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!baseUrl)("data.query's runner on a workspace connection (TEST_DATABASE_URL)", () => {
  const schema = `tb_sql_${process.pid}_${Date.now().toString(36)}`;
  let store: Store;
  let runner: SqlRunner;
  let connections: Connections;
  const opened = testStores()[0]!;
  useTestStore(opened.open, (s) => (store = s));
  beforeAll(async () => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(`create schema ${schema}`);
      await client.query(`create table ${schema}.orders (id bigint primary key, amount numeric, placed date, note text)`);
      await client.query(`insert into ${schema}.orders values (1, 9.5, '2024-01-02', 'first'), (2, 20, '2024-01-03', null)`);
    } finally {
      await client.end();
    }
    connections = createConnections({ db: store.db, box: createSecretBox(randomBytes(32)) });
    runner = createSqlRunner({ store, connections, resultsDir, maxBytes: 100_000 });
    const admin = await storedAdmin(store);
    await connections.create(admin, { name: "scratch", url: baseUrl! });
    await connections.create(admin, { name: "closed", url: "postgres://u:pw@127.0.0.1:1/nowhere" });
  });
  afterAll(async () => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`).finally(() => client.end());
  });

  it("queries a table on the connection read-only, named by host, port and database", async () => {
    const answer = await runner.run(query(`select id, amount, placed, note from ${schema}.orders where id >= $1 order by id`, { connection: "scratch", params: [1] }));
    const url = new URL(baseUrl!);
    expect(answer).toMatchObject({ ok: true, rowCount: 2, namespace: `postgres://${url.hostname}:${url.port || "5432"}${url.pathname}` });
    if (!answer.ok) return;
    expect(answer.columns.map((c) => c.type)).toEqual(["BIGINT", "DOUBLE", "DATE", "VARCHAR"]);
    expect(rowsOf(answer)).toEqual([
      { c0: "1", c1: "9.5", c2: "2024-01-02", c3: "first" },
      { c0: "2", c1: "20", c2: "2024-01-03", c3: null },
    ]);
    const write = failureOf(await runner.run(query(`with gone as (delete from ${schema}.orders returning 1) select * from gone`, { connection: "scratch" })));
    expect(write.code).toBe("sql_error");
    const slow = failureOf(await runner.run(query("select pg_sleep(5)", { connection: "scratch", timeoutMs: 100 })));
    expect(slow.code).toBe("timeout");
    expect(rowsOf(await runner.run(query(`select count(*) from ${schema}.orders`, { connection: "scratch" })))).toEqual([{ c0: "2" }]);
  });

  it("says it could not connect, without the password", async () => {
    const error = failureOf(await runner.run(query("select 1", { connection: "closed" })));
    expect(error.code).toBe("unavailable");
    expect(error.message).toMatch(/^could not connect to postgres:\/\/127\.0\.0\.1:1\/nowhere: /);
    expect(error.message).not.toContain("pw");
  });
});
