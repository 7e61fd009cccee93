import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cellIds, insertCell, readCells } from "../collab/doc";
import { CSRF_COOKIE, CSRF_HEADER } from "../protocol/api";
import type { ApiClient } from "./client";
import { waitFor } from "./collab-client";
import { apiToken, openLiveDoc, type LiveDoc } from "./live-doc";
import { ROOT } from "./server-process";
import { adminClient, createNotebook, createUser, grant, testServers, type TestUser } from "./world";

const SAMPLES = path.resolve(ROOT, "../shared/data/ipynb");
const sample = (name: string) => readFileSync(path.join(SAMPLES, name), "utf8");

/** Posts a multipart form as a browser's file upload would. */
async function upload(client: ApiClient, route: string, fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const headers: Record<string, string> = {
    cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    [CSRF_HEADER]: decodeURIComponent(client.cookies.get(CSRF_COOKIE) ?? ""),
  };
  const response = await fetch(client.baseUrl + route, { method: "POST", headers, body: form });
  return { status: response.status, body: await response.json() };
}

async function notebookNames(client: ApiClient): Promise<string[]> {
  return (await client.get("/api/notebooks")).body.notebooks.map((n: { name: string }) => n.name);
}

for (const server of testServers()) {
  describe(`import and export on ${server.name}`, () => {
    let owner: TestUser;
    let editor: TestUser;
    let viewer: TestUser;
    let stranger: TestUser;
    let ownerToken: string;
    const open: LiveDoc[] = [];

    beforeAll(async () => {
      const admin = await adminClient(server);
      [owner, editor, viewer, stranger] = (await Promise.all(
        ["towner", "teditor", "tviewer", "tstranger"].map((prefix) => createUser(admin, "member", prefix)),
      )) as [TestUser, TestUser, TestUser, TestUser];
      ownerToken = await apiToken(owner.client);
    });

    afterEach(() => {
      for (const live of open.splice(0)) live.close();
    });

    async function live(notebookId: string): Promise<LiveDoc> {
      const doc = await openLiveDoc(server.url, notebookId, ownerToken);
      open.push(doc);
      return doc;
    }

    async function exported(client: ApiClient, notebookId: string, format: "ipynb" | "percent") {
      const response = await client.request("GET", `/api/notebooks/${notebookId}/export?format=${format}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response;
    }

    it("imports an nbformat 4.5 notebook as a new notebook, keeping ids, metadata and outputs", async () => {
      const file = JSON.parse(sample("test4.5.ipynb"));
      const created = await editor.client.post("/api/notebooks/import", { name: "From Jupyter", content: sample("test4.5.ipynb"), filename: "test4.5.ipynb" });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.notebook).toMatchObject({ name: "From Jupyter", myRole: "owner", owner: { id: editor.id } });

      const response = await exported(editor.client, created.body.notebook.id, "ipynb");
      const nb = response.body;
      expect(nb).toMatchObject({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { language: "typescript" } } });
      expect(nb.cells.map((c: { id: string }) => c.id)).toEqual(file.cells.map((c: { id: string }) => c.id));
      expect(nb.cells.map((c: { outputs?: unknown }) => c.outputs)).toEqual(file.cells.map((c: { outputs?: unknown }) => c.outputs));
      expect(nb.cells.map((c: { source: string[] }) => c.source.join(""))).toEqual(
        file.cells.map((c: { source: string[] }) => c.source.join("")),
      );
      expect(nb.metadata.language_info.name).toBe("typescript");
      expect(response.headers.get("content-type")).toContain("application/x-ipynb+json");
      expect(response.headers.get("content-disposition")).toBe(
        `attachment; filename="From Jupyter.ipynb"; filename*=UTF-8''From%20Jupyter.ipynb`,
      );
    });

    it("imports an uploaded nbformat 4.0 file, named after it, with fresh ids; live clients read its cells", async () => {
      const created = await upload(owner.client, "/api/notebooks/import", {
        file: new File([sample("test4.ipynb")], "My analysis.ipynb", { type: "application/x-ipynb+json" }),
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.notebook.name).toBe("My analysis");
      const doc = await live(created.body.notebook.id);
      const cells = readCells(doc.doc);
      expect(cells).toHaveLength(9);
      expect(cells[3]).toMatchObject({ kind: "code", source: 'from __future__ import annotations\n\nprint("hello")' });
      expect(cells[3]!.outputs).toEqual(JSON.parse(sample("test4.ipynb")).cells[3].outputs);
    });

    it("round-trips the percent format through the server", async () => {
      const text = '// %% [markdown]\n// # Title\n\n// %% Setup tags=["init"]\nconst x = 1;\n\n// %%\nconsole.log(x);\n';
      const created = await owner.client.post("/api/notebooks/import", { name: "Percent", format: "percent", content: text });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const response = await exported(owner.client, created.body.notebook.id, "percent");
      expect(response.body).toBe(text);
      expect(response.headers.get("content-type")).toContain("text/typescript");
      expect(response.headers.get("content-disposition")).toContain('filename="Percent.ts"');
    });

    it("rejects invalid notebooks with a 400 naming the problem, and creates nothing", async () => {
      const before = await notebookNames(owner.client);
      const invalid = await owner.client.post("/api/notebooks/import", { name: "Bad one", content: sample("invalid.ipynb"), filename: "invalid.ipynb" });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.code).toBe("invalid_body");
      expect(invalid.body.error.message).toContain("invalid.ipynb: not a valid nbformat 4 notebook");
      expect(invalid.body.error.message).toContain("cells[0].source: is required");
      expect(invalid.body.error.message).toContain('"heading"');

      const badId = await upload(owner.client, "/api/notebooks/import", {
        file: new File([sample("invalid_cell_id.ipynb")], "invalid_cell_id.ipynb"),
      });
      expect(badId.status).toBe(400);
      expect(badId.body.error.message).toContain("cells[0].id");

      const notJson = await owner.client.post("/api/notebooks/import", { format: "ipynb", content: "{ nope" });
      expect(notJson.status).toBe(400);
      expect(notJson.body.error.message).toContain("not valid JSON");
      const noFormat = await owner.client.post("/api/notebooks/import", { content: "x" });
      expect(noFormat.status).toBe(400);
      expect(noFormat.body.error.message).toContain('give "format"');
      const badFormat = await owner.client.post("/api/notebooks/import", { format: "docx", content: "x" });
      expect(badFormat.status).toBe(400);
      const noFile = await upload(owner.client, "/api/notebooks/import", { name: "x" });
      expect(noFile.status).toBe(400);
      expect(noFile.body.error.message).toContain('"file"');
      const wrongType = await owner.client.request("POST", "/api/notebooks/import", undefined, {
        raw: "// %%\n",
        headers: { "content-type": "text/plain" },
      });
      expect(wrongType.status).toBe(415);

      expect(await notebookNames(owner.client)).toEqual(before);
    });

    it("refuses imports over 10 MiB with 413", async () => {
      const before = await notebookNames(owner.client);
      const big = `// %%\n${"x".repeat(10 * 1024 * 1024)}\n`;
      const json = await owner.client.post("/api/notebooks/import", { name: "Big", format: "percent", content: big });
      expect(json.status).toBe(413);
      expect(json.body.error.code).toBe("payload_too_large");
      const multipart = await upload(owner.client, "/api/notebooks/import", { file: new File([big], "big.ts") });
      expect(multipart.status).toBe(413);
      expect(await notebookNames(owner.client)).toEqual(before);
    });

    it("imports into an existing notebook as a new edit that live clients see, keeping a version of the cells before", async () => {
      const id = await createNotebook(owner.client, "Target");
      await grant(owner.client, id, editor.id, "editor");
      const doc = await live(id);
      insertCell(doc.doc, 0, { id: "old", source: "old cell" });
      await doc.durable();

      const text = "// %% [markdown]\n// # Replaced\n\n// %%\nconst y = 2;\n";
      const replaced = await editor.client.post(`/api/notebooks/${id}/import`, { format: "percent", content: text, filename: "next.ts" });
      expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
      expect(replaced.body).toMatchObject({ cells: 2, backup: { name: "Before importing “next.ts”", kind: "auto" } });
      await waitFor(
        () => JSON.stringify(readCells(doc.doc).map((c) => [c.kind, c.source])) === JSON.stringify([["markdown", "# Replaced"], ["code", "const y = 2;"]]),
        "the import on the live client",
      );
      expect(cellIds(doc.doc)).not.toContain("old");
      expect((await exported(owner.client, id, "percent")).body).toBe(text);

      // An ipynb exported from the notebook and imported back changes nothing: ids match.
      const ipynb = (await exported(owner.client, id, "ipynb")).body;
      const again = await owner.client.post(`/api/notebooks/${id}/import`, { format: "ipynb", content: ipynb });
      expect(again.status).toBe(200);
      const diff = await owner.client.get(`/api/notebooks/${id}/versions/${again.body.backup.id}/diff`);
      expect(diff.body.diff.summary).toMatchObject({ added: 0, removed: 0, unchanged: 2 });
    });

    it("authorizes: only editors import into a notebook, readers export, strangers see nothing", async () => {
      const id = await createNotebook(owner.client, "Guarded");
      await grant(owner.client, id, viewer.id, "viewer");
      const body = { format: "percent", content: "// %%\nx\n" };
      const refused = await viewer.client.post(`/api/notebooks/${id}/import`, body);
      expect(refused.status).toBe(403);
      expect((await viewer.client.get(`/api/notebooks/${id}/export?format=percent`)).status).toBe(200);
      const hidden = await stranger.client.post(`/api/notebooks/${id}/import`, body);
      expect(hidden.status).toBe(404);
      expect((await stranger.client.get(`/api/notebooks/${id}/export`)).status).toBe(404);
      const badFormat = await owner.client.get(`/api/notebooks/${id}/export?format=docx`);
      expect(badFormat.status).toBe(400);
      expect(badFormat.body.error.message).toBe('format: must be "ipynb" or "percent"');
      // The refused imports left the notebook as it was.
      expect((await owner.client.get(`/api/notebooks/${id}/export?format=percent`)).body ?? "").toBe("");
    });
  });
}
