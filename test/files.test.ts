import { readdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSRF_COOKIE, CSRF_HEADER } from "../protocol/api";
import type { ApiClient } from "./client";
import { createNotebook, createUser, expectError, grant, signUpFreshAdmin, startFreshServer, type FreshServer, type TestUser } from "./world";

/**
 * Notebook file uploads against the real server, with a 1000-byte upload
 * limit: stored, listed and deleted through the API, refused past the limit
 * (declared or streamed), and an upload cut off half-way leaves no file.
 */
const LIMIT = 1000;

describe("notebook files", () => {
  let server: FreshServer;
  let admin: ApiClient;
  let editor: TestUser;
  let viewer: TestUser;
  let notebookId: string;

  beforeAll(async () => {
    server = await startFreshServer("pglite", { TRACEBOOK_UPLOAD_MAX_BYTES: String(LIMIT) });
    admin = await signUpFreshAdmin(server.url);
    [editor, viewer] = (await Promise.all([createUser(admin, "member", "feditor"), createUser(admin, "member", "fviewer")])) as [TestUser, TestUser];
    notebookId = await createNotebook(admin, "Files notebook");
    await grant(admin, notebookId, editor.id, "editor");
    await grant(admin, notebookId, viewer.id, "viewer");
  }, 120_000);
  afterAll(async () => {
    await server?.dispose();
  });

  const filesPath = (query = "") => `/api/notebooks/${notebookId}/files${query}`;
  const upload = (client: ApiClient, name: string, content: string, extra = "") =>
    client.request("POST", filesPath(`?name=${encodeURIComponent(name)}${extra}`), undefined, { raw: content, headers: { "content-type": "text/csv" } });
  /** Files on disk for this notebook and temp files of uploads in progress. */
  const onDisk = () => {
    const list = (dir: string) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    };
    return { files: list(path.join(server.dataDir, "files", notebookId)), temp: list(path.join(server.dataDir, "files", ".tmp")) };
  };

  it("stores an upload under its name, lists it to readers, and deletes it for editors", async () => {
    const created = await upload(editor.client, "sales 2024 (é).csv", "id,amount\n1,2\n");
    expect(created.status).toBe(201);
    expect(created.body.file).toMatchObject({ name: "sales 2024 (é).csv", bytes: 14 });
    const listed = await viewer.client.get(filesPath());
    expect(listed.status).toBe(200);
    expect(listed.body.files.map((f: { name: string; bytes: number }) => [f.name, f.bytes])).toEqual([["sales 2024 (é).csv", 14]]);
    expectError(await upload(viewer.client, "x.csv", "a\n"), 403, "forbidden");
    expectError(await upload(editor.client, "sales 2024 (é).csv", "other\n"), 409, "conflict");
    expect((await upload(editor.client, "sales 2024 (é).csv", "id\n9\n", "&replace=true")).body.file.bytes).toBe(5);
    expectError(await viewer.client.delete(filesPath(`/${encodeURIComponent("sales 2024 (é).csv")}`)), 403, "forbidden");
    expect((await editor.client.delete(filesPath(`/${encodeURIComponent("sales 2024 (é).csv")}`))).status).toBe(204);
    expect((await viewer.client.get(filesPath())).body.files).toEqual([]);
    expectError(await editor.client.delete(filesPath("/gone.csv")), 404, "not_found");
  });

  it("refuses names that are not one plain file name", async () => {
    for (const name of ["../escape.csv", ".hidden", "a/b.csv"]) expectError(await upload(editor.client, name, "x\n"), 400, "invalid_body");
    expectError(await editor.client.request("POST", filesPath(), undefined, { raw: "x\n" }), 400, "invalid_body");
    expect(onDisk().files).toEqual([]);
  });

  it("answers 413 for a file over the limit, declared or streamed, and keeps nothing", async () => {
    const declared = await upload(editor.client, "big.csv", "x".repeat(LIMIT + 1));
    expectError(declared, 413, "payload_too_large");
    expect(declared.body.error.message).toMatch(/TRACEBOOK_UPLOAD_MAX_BYTES/);
    // Without a Content-Length the server counts while it streams.
    const streamed = await rawUpload("big.csv", { chunks: ["x".repeat(600), "x".repeat(600)] });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ error: { code: "payload_too_large" } });
    expect(onDisk()).toEqual({ files: [], temp: [] });
  });

  it("keeps nothing of an upload cut off half-way", async () => {
    const outcome = await rawUpload("cut.csv", { chunks: ["id\n".padEnd(400, "1")], contentLength: 900, abortAfterMs: 300 });
    expect(outcome.status).toBe(0);
    // The server notices the reset and removes its temp file.
    for (let i = 0; i < 100 && onDisk().temp.length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onDisk()).toEqual({ files: [], temp: [] });
    expect((await editor.client.get(filesPath())).body.files).toEqual([]);
  });

  /** An upload over a raw socket: chunked unless a length is given, optionally destroyed mid-body. */
  function rawUpload(name: string, options: { chunks: string[]; contentLength?: number; abortAfterMs?: number }): Promise<{ status: number; body: string }> {
    const url = new URL(server.url + filesPath(`?name=${encodeURIComponent(name)}`));
    const cookies = [...editor.client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const headers: Record<string, string | number> = { cookie: cookies, [CSRF_HEADER]: decodeURIComponent(editor.client.cookies.get(CSRF_COOKIE) ?? ""), "content-type": "text/csv" };
    if (options.contentLength !== undefined) headers["content-length"] = options.contentLength;
    return new Promise((resolve) => {
      const req = httpRequest(url, { method: "POST", headers }, (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk)).on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      req.on("error", () => resolve({ status: 0, body: "" }));
      for (const chunk of options.chunks) req.write(chunk);
      if (options.abortAfterMs === undefined) req.end();
      else setTimeout(() => req.destroy(), options.abortAfterMs);
    });
  }
});
