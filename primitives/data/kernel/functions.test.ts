import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KernelCallContext } from "../../../kernel/process/host";
import { createLineageProducer } from "../../../kernel/process/lineage";
import { ServerRequestError, type ServerChannel } from "../../../kernel/process/server-channel";
import { HandleTable, type SandboxHandle } from "../../../kernel/process/sandbox/handles";
import type { CellOutput } from "../../../protocol/outputs";
import { parseLineageEvent, type LineageEvent } from "../../lineage/event";
import { openFixture, type DataFixture } from "../testing";
import { createDataFunctions } from "./functions";
import { DATA_FUNCTIONS } from "./names";
import { PUBLIC_ONLY, type UrlPolicy } from "./url-policy";

/**
 * The `data` host functions as a cell calls them: handles in and out, the
 * notebook's files through a stand-in `files` service, every call's lineage
 * checked against the store's event schema.
 */
const NOTEBOOK = randomUUID();
const ACTOR = randomUUID();
let fixture: DataFixture;
let web: Server;
let webUrl = "";

const CSV = "id,amount,city\n1,10.5,Oslo\n2,,Rome\n3,7.25,Oslo\n4,3,Rome\n5,8,Oslo\n6,1,Rome\n";

beforeAll(async () => {
  fixture = await openFixture();
  web = createServer((request, response) => {
    const pathname = new URL(request.url ?? "/", "http://x").pathname;
    if (pathname === "/data/sales.csv") return void response.end(CSV);
    if (pathname === "/never.csv") return void response.write("id\n"); // headers and a line, then nothing
    if (pathname.startsWith("/redirect-to/")) {
      response.writeHead(302, { location: decodeURIComponent(pathname.slice("/redirect-to/".length)) });
      return void response.end();
    }
    if (pathname === "/huge.csv") {
      response.write("id\n");
      response.end("1\n".repeat(5000));
      return;
    }
    response.statusCode = 404;
    response.end("nope");
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fixture.close();
  await new Promise((resolve) => web.close(resolve));
});

/** The test's web server listens on 127.0.0.1, so the default cell may reach that address (and nothing else private). */
const LOCAL_WEB: UrlPolicy = { allowPrivate: false, allowHosts: ["127.0.0.1"] };

async function cell(files: Record<string, string> = {}, maxBytes = 1_000_000, urlPolicy: UrlPolicy = LOCAL_WEB) {
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) paths[name] = await fixture.write(`${randomUUID()}-${name}`, content);
  const events: LineageEvent[] = [];
  const outputs: CellOutput[] = [];
  const server: ServerChannel = {
    emit: () => {},
    async request<T>(service: string, method: string, payload: unknown): Promise<T> {
      if (service !== "files") throw new ServerRequestError("unknown_method", service);
      if (method === "limits") return { maxBytes, urlPolicy } as T;
      if (method === "list") return Object.keys(paths).map((name) => ({ name })) as T;
      const name = (payload as { name: string }).name;
      if (!paths[name]) throw new ServerRequestError("not_found", `no file named "${name}" in this notebook (uploaded files: ${Object.keys(paths).join(", ")})`);
      return { path: paths[name], bytes: 1 } as T;
    },
  };
  const lineage = createLineageProducer({ notebookId: NOTEBOOK, emit: (event) => events.push(parseLineageEvent(event)) });
  const cellId = `cell-${randomUUID().slice(0, 8)}`;
  lineage.beginRun({ runId: randomUUID(), cellId, context: { actor: { id: ACTOR, name: "Ann" }, source: "// the cell" } });
  const ctx: KernelCallContext = {
    cellId,
    signal: new AbortController().signal,
    handles: new HandleTable(),
    emit: (output) => void outputs.push(output),
    kernel: { notebookId: NOTEBOOK, server, lineage },
  };
  const fns = createDataFunctions(async () => fixture.engine);
  const call = async <T>(name: string, ...args: unknown[]) => (await fns[name]!(args, ctx)) as T;
  const calls = () => events.filter((e) => e.run.parentRunId !== undefined);
  return { call, events, calls, outputs, ctx, cellId };
}

type Loaded = { dataset: SandboxHandle; report: { path: string; rowCount: number } };

describe("the data host module", () => {
  it("offers exactly the functions its registration names", () => {
    expect(Object.keys(createDataFunctions(async () => fixture.engine)).sort()).toEqual([...DATA_FUNCTIONS].sort());
  });

  it("loads an uploaded file into a Dataset handle and records the load as a lineage run with the version it made", async () => {
    const c = await cell({ "sales.csv": CSV });
    const { dataset, report } = await c.call<Loaded>("load", "sales.csv");
    expect(dataset).toMatchObject({ kind: "Dataset", label: expect.stringMatching(/^ds_[0-9a-f]{24} \(6 rows × 3 columns\)$/) });
    expect(report).toMatchObject({ path: "sales.csv", rowCount: 6, format: "csv" });
    const info = await c.call<{ id: string; rowCount: number; contentHash: string }>("info", dataset);
    expect(info.rowCount).toBe(6);
    const [start, complete] = c.calls();
    expect(start).toMatchObject({ eventType: "START", job: { name: `${NOTEBOOK}/${c.cellId}/data.load`, kind: "cell", notebookId: NOTEBOOK, cellId: c.cellId }, actorId: ACTOR });
    expect(start!.run.facets.parameters).toEqual({ file: "sales.csv" });
    expect(start!.run.facets.sourceCode).toEqual({ language: "TypeScript", sourceCode: "// the cell" });
    expect(complete!.outputs).toEqual([
      {
        kind: "dataset",
        namespace: `tracebook://notebooks/${NOTEBOOK}/files`,
        name: "sales.csv",
        version: info.contentHash,
        facets: {
          schema: { fields: [{ name: "id", type: "BIGINT" }, { name: "amount", type: "DOUBLE" }, { name: "city", type: "VARCHAR" }] },
          rowCount: 6,
          // The first rows, for the dataset page.
          tracebook_sample: {
            columns: ["id", "amount", "city"],
            rows: [[1, 10.5, "Oslo"], [2, null, "Rome"], [3, 7.25, "Oslo"], [4, 3, "Rome"], [5, 8, "Oslo"], [6, 1, "Rome"]],
            truncated: false,
          },
        },
      },
    ]);
    // The cell's own run opened with the first call.
    expect(c.events[0]).toMatchObject({ eventType: "START", job: { name: `${NOTEBOOK}/${c.cellId}` } });
  });

  it("names the uploaded files when asked for one that is not there, and records the failure", async () => {
    const c = await cell({ "a.csv": "x\n1\n" });
    const error = await c.call("load", "b.csv").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "DataError", message: 'no file named "b.csv" in this notebook (uploaded files: a.csv) [not_found]' });
    expect(c.calls().map((e) => e.eventType)).toEqual(["START", "FAIL"]);
    expect(c.calls()[1]!.run.facets.errorMessage).toMatchObject({ message: expect.stringMatching(/no file named "b.csv"/) });
  });

  it("chains clean, split and leakage checks; each output is a new version named after its cell and step", async () => {
    const c = await cell({ "sales.csv": CSV });
    const { dataset: raw } = await c.call<Loaded>("load", "sales.csv");
    const cleaned = await c.call<{ dataset: SandboxHandle; report: { dropped: number } }>("dropNulls", raw, { columns: ["amount"] });
    expect(cleaned.report.dropped).toBe(1);
    const { splits, report } = await c.call<{ splits: Record<string, SandboxHandle>; report: { counts: Record<string, number> } }>(
      "randomSplit", cleaned.dataset, { fractions: { train: 0.6, test: 0.4 }, seed: 7 },
    );
    expect(report.counts).toEqual({ train: 3, test: 2 });
    const leak = await c.call<{ ok: boolean }>("checkLeakage", splits, { keys: ["id"] });
    expect(leak.ok).toBe(true);
    const byPrimitive = (p: string) => c.calls().find((e) => e.eventType === "COMPLETE" && e.job.name.endsWith(`/${p}`))!;
    const load = byPrimitive("data.load");
    const drop = byPrimitive("data.dropNulls");
    const split = byPrimitive("data.randomSplit");
    const check = byPrimitive("data.checkLeakage");
    expect(drop.inputs.map((i) => i.version)).toEqual(load.outputs.map((o) => o.version));
    expect(drop.outputs[0]).toMatchObject({ namespace: `tracebook://notebooks/${NOTEBOOK}`, name: `${c.cellId}/data.dropNulls`, facets: { rowCount: 5 } });
    expect(drop.run.facets.report).toEqual({ kept: 5, dropped: 1, columns: ["amount"], how: "any" });
    expect(split.inputs.map((i) => i.version)).toEqual(drop.outputs.map((o) => o.version));
    expect(split.outputs.map((o) => [o.name, o.facets.rowCount])).toEqual([[`${c.cellId}/data.randomSplit/train`, 3], [`${c.cellId}/data.randomSplit/test`, 2]]);
    expect(check.inputs.map((i) => i.version)).toEqual(split.outputs.map((o) => o.version));
  });

  it("validates: the report comes back, and its assertions travel with the input; expectValid throws on failure", async () => {
    const c = await cell({ "sales.csv": CSV });
    const { dataset } = await c.call<Loaded>("load", "sales.csv");
    const contract = { columns: { amount: { nullable: false, min: 2 }, city: { allowed: ["Oslo", "Rome"] } } };
    const report = await c.call<{ ok: boolean; failures: Array<{ column: string; rule: string; failing: number }> }>("validate", dataset, contract);
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => [f.column, f.rule, f.failing])).toEqual([["amount", "nullable", 1], ["amount", "min", 1]]);
    const validated = c.calls().find((e) => e.eventType === "COMPLETE" && e.job.name.endsWith("/data.validate"))!;
    expect(validated.inputs[0]!.facets.dataQuality).toEqual({
      rowCount: 6,
      assertions: [
        { assertion: "nullable", column: "amount", success: false, failingCount: 1 },
        { assertion: "min", column: "amount", success: false, failingCount: 1 },
        { assertion: "allowed", column: "city", success: true, failingCount: 0 },
      ],
    });
    const error = await c.call("expectValid", dataset, contract).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "DataError", message: "validation failed: amount: nullable (1 failing); amount: min (1 failing) [schema_mismatch]" });
    const failed = c.calls().find((e) => e.eventType === "FAIL" && e.job.name.endsWith("/data.expectValid"))!;
    expect(failed.inputs[0]!.facets.dataQuality).toMatchObject({ rowCount: 6 });
  });

  it("profiles a dataset and shows it as a table and a Vega-Lite chart in the cell", async () => {
    const c = await cell({ "sales.csv": CSV });
    const { dataset } = await c.call<Loaded>("load", "sales.csv");
    const profile = await c.call<{ rowCount: number; columns: Array<{ name: string; nulls: number; mean: number | null }> }>("profile", dataset);
    expect(profile.rowCount).toBe(6);
    expect(profile.columns.find((col) => col.name === "amount")).toMatchObject({ nulls: 1, mean: (10.5 + 7.25 + 3 + 8 + 1) / 5 });
    expect(c.outputs.map((o) => o.type)).toEqual(["table", "chart"]);
    const table = c.outputs[0] as Extract<CellOutput, { type: "table" }>;
    expect(table.columns.slice(0, 4)).toEqual(["column", "type", "count", "nulls"]);
    expect(table.rows.map((r) => r[0])).toEqual(["id", "amount", "city"]);
    const chart = c.outputs[1] as Extract<CellOutput, { type: "chart" }>;
    expect((chart.spec.concat as unknown[]).length).toBe(3);
    await c.call("profile", dataset, { display: false });
    expect(c.outputs).toHaveLength(2);
  });

  it("copies rows out only when asked, and at most 10 000 per read", async () => {
    const c = await cell({ "sales.csv": CSV });
    const { dataset } = await c.call<Loaded>("load", "sales.csv");
    expect(await c.call("head", dataset, 2)).toEqual([{ id: 1, amount: 10.5, city: "Oslo" }, { id: 2, amount: null, city: "Rome" }]);
    expect(await c.call("rows", dataset, { offset: 4, limit: 5, columns: ["id"] })).toEqual([{ id: 5 }, { id: 6 }]);
    await expect(c.call("rows", dataset, { limit: 20_000 })).rejects.toMatchObject({ name: "DataError", message: expect.stringMatching(/at most 10000 rows per read/) });
  });

  it("refuses bad arguments with a TypeError naming the function and option, and records nothing", async () => {
    const c = await cell({ "sales.csv": CSV });
    const { dataset } = await c.call<Loaded>("load", "sales.csv");
    const before = c.events.length;
    await expect(c.call("dropNulls", dataset, { how: "some" })).rejects.toMatchObject({ name: "TypeError", message: expect.stringMatching(/^data\.dropNulls: options\.how: /) });
    await expect(c.call("dropNulls", dataset, { colums: ["a"] })).rejects.toMatchObject({ name: "TypeError", message: expect.stringMatching(/^data\.dropNulls: options: .*colums/) });
    await expect(c.call("head", { __tbHandle: "x:1", kind: "Dataset" })).rejects.toMatchObject({ name: "TypeError", message: expect.stringMatching(/^data\.head: dataset: handle x:1 belongs to a kernel/) });
    await expect(c.call("load", "")).rejects.toMatchObject({ name: "TypeError", message: "data.load: name must be a non-empty string" });
    expect(c.events.length).toBe(before);
  });

  it("loads from a URL (streamed to a temp file) and names the dataset after its origin and path", async () => {
    const c = await cell();
    const { dataset, report } = await c.call<Loaded>("loadUrl", `${webUrl}/data/sales.csv?token=secret`);
    expect(report).toMatchObject({ path: `${webUrl}/data/sales.csv`, rowCount: 6 });
    expect(dataset.kind).toBe("Dataset");
    const complete = c.calls().find((e) => e.eventType === "COMPLETE")!;
    expect(complete.outputs[0]).toMatchObject({ namespace: webUrl, name: "/data/sales.csv" });
    expect(JSON.stringify(c.events)).not.toContain("secret");
  });

  it("fails a URL load clearly: a missing page, a file over the limit, a server that stops answering, a scheme that is not http", async () => {
    const c = await cell({}, 1000);
    await expect(c.call("loadUrl", `${webUrl}/missing.csv`)).rejects.toMatchObject({ message: `GET ${webUrl}/missing.csv answered 404 Not Found [unreadable]` });
    await expect(c.call("loadUrl", `${webUrl}/huge.csv`)).rejects.toMatchObject({
      message: `${webUrl}/huge.csv is larger than the download limit of 1000 bytes (TRACEBOOK_UPLOAD_MAX_BYTES) [too_large]`,
    });
    await expect(c.call("loadUrl", `${webUrl}/never.csv`, { timeoutMs: 300 })).rejects.toMatchObject({
      message: `downloading ${webUrl}/never.csv failed: no complete answer within 300 ms [unreadable]`,
    });
    await expect(c.call("loadUrl", "file:///etc/passwd")).rejects.toMatchObject({ name: "TypeError", message: "data.loadUrl: only http and https URLs can be loaded, not file:" });
  });

  it("reaches no private address unless the server's policy allows that host, redirects included", async () => {
    const port = new URL(webUrl).port;
    const publicOnly = await cell({}, 1_000_000, PUBLIC_ONLY);
    await expect(publicOnly.call("loadUrl", `${webUrl}/data/sales.csv`)).rejects.toMatchObject({
      name: "DataError",
      message: `${webUrl}/data/sales.csv: 127.0.0.1 is not a public address; an admin can allow it with TRACEBOOK_URL_ALLOW_HOSTS or TRACEBOOK_URL_ALLOW_PRIVATE [permission_denied]`,
    });
    // A name is judged by the addresses the connection resolves, not by how it reads.
    await expect(publicOnly.call("loadUrl", `http://localhost:${port}/data/sales.csv`)).rejects.toMatchObject({
      message: expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1), which is not a public address.*\[permission_denied\]$/),
    });
    // An allowed host cannot hand the cell on to one that is not.
    const localhostOnly = await cell({}, 1_000_000, { allowPrivate: false, allowHosts: ["localhost"] });
    const { report } = await localhostOnly.call<Loaded>("loadUrl", `http://localhost:${port}/data/sales.csv`);
    expect(report).toMatchObject({ rowCount: 6 });
    const hop = encodeURIComponent(`${webUrl}/data/sales.csv`);
    await expect(localhostOnly.call("loadUrl", `http://localhost:${port}/redirect-to/${hop}`)).rejects.toMatchObject({
      message: expect.stringMatching(/127\.0\.0\.1 is not a public address.*\[permission_denied\]$/),
    });
    const open = await cell({}, 1_000_000, { allowPrivate: true, allowHosts: [] });
    expect((await open.call<Loaded>("loadUrl", `http://localhost:${port}/redirect-to/${hop}`)).report).toMatchObject({ rowCount: 6 });
  });
});
