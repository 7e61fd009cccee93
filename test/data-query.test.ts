import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { DocClient } from "./collab-client";
import { runDataNotebook } from "./data-notebook";
import { executionOf, outputsOf, streamText } from "./kernel-world";
import { adminClient, testServers, uniqueName } from "./world";

/**
 * `data.query` end to end: cells of a notebook query the server's own store
 * (only the tables cells may read) and, when TEST_DATABASE_URL is set, a
 * workspace connection an admin added over the API, whose password the API
 * never shows.
 */
const baseUrl = process.env.TEST_DATABASE_URL;

describe.each(testServers())("data.query on $name", (server) => {
  const open: DocClient[] = [];
  afterAll(() => {
    for (const client of open) client.provider.destroy();
  });

  it("returns the store's lineage rows to a cell and refuses the users table", async () => {
    const sources = [
      `const { dataset: loaded } = await data.load("a.csv");`,
      `const { dataset: jobs } = await data.query("select name from lineage_jobs where kind = $1 order by created_at desc limit 50", { params: ["cell"] });\nconsole.log(JSON.stringify((await data.head(jobs, 50)).map((r) => r.name)));`,
      `await data.query("select username, password_hash from users")`,
    ];
    const { world, doc, cells } = await runDataNotebook(server, { name: "a.csv", content: "x\n1\n" }, sources, open, 90_000);
    expect(executionOf(doc.doc, cells[1]!).status, JSON.stringify(outputsOf(doc.doc, cells[1]!))).toBe("done");
    expect(executionOf(doc.doc, cells[2]!).status).toBe("error");
    expect(outputsOf(doc.doc, cells[2]!)).toContainEqual({
      type: "error",
      error: expect.objectContaining({ name: "DataError", message: expect.stringMatching(/^permission denied for table users; .*\[permission_denied\]$/) }),
    });
    // The first cell's lineage was durable before the second cell ran: its job is in the rows.
    expect(JSON.parse(streamText(doc.doc, cells[1]!))).toContain(`${world.notebookId}/${cells[0]}`);
  }, 180_000);

  it("shows a cell the lineage of the notebooks its user may read, not of others", async () => {
    const other = await runDataNotebook(server, { name: "b.csv", content: "y\n2\n" }, [`await data.load("b.csv");`], open, 90_000);
    expect(executionOf(other.doc.doc, other.cells[0]!).status).toBe("done");
    const theirJob = `${other.world.notebookId}/${other.cells[0]}`;
    const print = (label: string) => `console.log(JSON.stringify((await data.head(${label}, 50)).map((r) => r.name)));`;
    const sources = [
      `await data.load("a.csv");`,
      `const { dataset: theirs } = await data.query("select name from lineage_jobs where name = $1", { params: [${JSON.stringify(theirJob)}] });\n${print("theirs")}`,
      `const { dataset: recent } = await data.query("select name from lineage_jobs where kind = 'cell' order by created_at desc limit 50");\n${print("recent")}`,
    ];
    const { world, doc, cells } = await runDataNotebook(server, { name: "a.csv", content: "x\n1\n" }, sources, open, 90_000);
    for (const cell of cells) expect(executionOf(doc.doc, cell).status, JSON.stringify(outputsOf(doc.doc, cell))).toBe("done");
    // The other notebook's job is stored (its cell ended once its lineage was durable), but this cell's user may not read it.
    expect(JSON.parse(streamText(doc.doc, cells[1]!))).toEqual([]);
    const recent: string[] = JSON.parse(streamText(doc.doc, cells[2]!));
    expect(recent).toContain(`${world.notebookId}/${cells[0]}`);
    expect(recent).not.toContain(theirJob);
  }, 240_000);

  it.skipIf(!baseUrl)("queries a workspace connection an admin added, and the API masks its password", async () => {
    const schema = uniqueName("tb_sql").replaceAll("-", "_");
    const scratch = new pg.Client({ connectionString: baseUrl });
    await scratch.connect();
    try {
      await scratch.query(`create schema ${schema}; create table ${schema}.orders (id int, amount numeric); insert into ${schema}.orders values (1, 2.5), (2, 4)`);
      const admin = await adminClient(server);
      const url = new URL(baseUrl!);
      url.password = "not-shown-123";
      // The test server's Postgres trusts local connections: the password is there to be masked.
      const created = await admin.post("/api/workspace/connections", { name: schema, url: url.toString() });
      expect(created.status).toBe(201);
      const listed = await admin.get("/api/workspace/connections");
      expect(JSON.stringify(listed.body)).not.toContain("not-shown-123");
      expect(listed.body.connections).toContainEqual(expect.objectContaining({ name: schema, url: expect.stringContaining(":****@") }));

      const sources = [`const { dataset } = await data.query("select sum(amount) as total from ${schema}.orders", { connection: "${schema}" });\nconsole.log(JSON.stringify(await data.head(dataset)));`];
      const { doc, cells } = await runDataNotebook(server, { name: "b.csv", content: "x\n1\n" }, sources, open, 90_000);
      expect(executionOf(doc.doc, cells[0]!).status, JSON.stringify(outputsOf(doc.doc, cells[0]!))).toBe("done");
      expect(streamText(doc.doc, cells[0]!)).toBe('[{"total":6.5}]\n');
      expect((await admin.delete(`/api/workspace/connections/${created.body.connection.id}`)).status).toBe(204);
    } finally {
      await scratch.query(`drop schema if exists ${schema} cascade`);
      await scratch.end();
    }
  }, 180_000);
});
