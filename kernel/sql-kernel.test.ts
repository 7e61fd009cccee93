import { randomUUID, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../db/client";
import { writeLineageBatch } from "../db/queries/lineage";
import type { NotebookId } from "../protocol/ids";
import { DEFAULT_KERNEL_SETTINGS } from "../protocol/kernel";
import type { CellOutput } from "../protocol/outputs";
import { parseLineageEvent, type LineageEvent } from "../primitives/lineage/event";
import { createConnections } from "../primitives/sql/connections";
import { createSqlRunner } from "../primitives/sql/runner";
import { compileCell } from "./analyze/compile";
import { createKernelManager, type KernelManager } from "./manager";
import { sqlKernelService } from "./services/sql";
import { createSecretBox } from "../auth/secret-box";

/**
 * `data.query` in a real kernel child: the cell's SQL reaches the server's
 * `sql` service over the kernel's channel, runs on an embedded store as the
 * reader role, and comes back as a Dataset the cell can read.
 */
const resultsDir = mkdtempSync(path.join(os.tmpdir(), "tracebook-sql-kernel-"));
const events: Array<{ notebookId: string; event: LineageEvent }> = [];
let store: Store;
let manager: KernelManager;

beforeAll(async () => {
  store = await openStore({ pgliteDir: "memory://" });
  const jobs = ["nb/cell-a", "nb/cell-b"].map((name) =>
    parseLineageEvent({ eventType: "START", eventTime: "2024-05-01T10:00:00.000Z", run: { runId: randomUUID() }, job: { namespace: "tracebook", name, kind: "cell" } }),
  );
  await writeLineageBatch(store.db, jobs);
  const runner = createSqlRunner({ store, connections: createConnections({ db: store.db, box: createSecretBox(randomBytes(32)) }), resultsDir, maxBytes: 1_000_000 });
  manager = createKernelManager({
    settings: () => DEFAULT_KERNEL_SETTINGS,
    log: () => {},
    services: {
      sql: sqlKernelService(runner, async () => []),
      lineage: { events: { record: (payload, ctx) => void events.push({ notebookId: ctx.notebookId, event: parseLineageEvent(payload) }) } },
    },
  });
});

afterAll(async () => {
  await manager?.closeAll();
  await store?.close();
  rmSync(resultsDir, { recursive: true, force: true });
});

describe("data.query in a kernel process", () => {
  it("returns the store's rows as a dataset, typed, and records the query as a lineage run", async () => {
    const notebookId = randomUUID() as NotebookId;
    const kernel = await manager.acquire(notebookId);
    const outputs: CellOutput[] = [];
    const source = [
      `const { dataset, report } = await data.query("select name, length(name) as chars from lineage_jobs where name like $1 order by name", { params: ["nb/%"] });`,
      `console.log(JSON.stringify(await data.head(dataset)), JSON.stringify(report.columns));`,
      `dataset`,
    ].join("\n");
    const outcome = await kernel.run(compileCell("q", source), (o) => outputs.push(o), { actor: { id: randomUUID(), name: "Ann" }, source });
    expect(outcome).toMatchObject({ ok: true, value: { t: "handle", kind: "Dataset", label: expect.stringMatching(/^Dataset ds_\w+ \(2 rows × 2 columns\)$/) } });
    expect(outputs).toContainEqual({
      type: "stream",
      name: "stdout",
      text: '[{"name":"nb/cell-a","chars":9},{"name":"nb/cell-b","chars":9}] [{"name":"name","type":"VARCHAR"},{"name":"chars","type":"INTEGER"}]\n',
    });
    const calls = events.filter((e) => e.notebookId === notebookId && e.event.job.name.endsWith("/data.query")).map((e) => e.event);
    expect(calls.map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
    expect(calls[0]!.run.facets.parameters).toMatchObject({ sql: expect.stringContaining("from lineage_jobs"), params: ["nb/%"] });
    const [output] = calls[1]!.outputs;
    expect(output).toMatchObject({ namespace: "tracebook", name: expect.stringMatching(/^select name, length\(name\) as chars from lineage_jobs .* #[0-9a-f]{8}$/), facets: { rowCount: 2 } });
    // The child removed the result file once loaded.
    expect(readdirSync(resultsDir)).toEqual([]);
  }, 60_000);

  it("refuses the users table as a permission error and reports SQL errors with their position", async () => {
    const kernel = await manager.acquire(randomUUID() as NotebookId);
    const users = await kernel.run(compileCell("u", `await data.query("select * from users")`), () => {});
    expect(users).toMatchObject({
      ok: false,
      error: { kind: "exception", name: "DataError", message: expect.stringMatching(/^permission denied for table users; .* \[permission_denied\]$/) },
    });
    const typo = await kernel.run(compileCell("t", `await data.query("select nme from lineage_jobs")`), () => {});
    expect(typo).toMatchObject({ ok: false, error: { name: "DataError", message: 'column "nme" does not exist at position 8 (hint: Perhaps you meant to reference the column "lineage_jobs.name".) (SQLSTATE 42703) [sql_error]' } });
    const unknown = await kernel.run(compileCell("c", `await data.query("select 1", { connection: "warehouse" })`), () => {});
    expect(unknown).toMatchObject({ ok: false, error: { name: "DataError", message: 'no connection named "warehouse" (an admin adds them in Settings → Kernel) [unknown_connection]' } });
    const badOption = await kernel.run(compileCell("o", `await data.query("select 1", { maxrows: 5 })`), () => {});
    expect(badOption).toMatchObject({ ok: false, error: { name: "TypeError", message: expect.stringMatching(/^data\.query: options: Unrecognized key/) } });
  }, 60_000);
});
