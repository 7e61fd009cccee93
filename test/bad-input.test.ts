import { beforeAll, describe, expect, it } from "vitest";
import { CSRF_COOKIE, CSRF_HEADER, LIMITS } from "../protocol/api";
import { ApiClient } from "./client";
import { adminClient, createNotebook, createUser, expectError, PASSWORD, testServers, uniqueName, type TestUser } from "./world";

const OVERSIZE = LIMITS.bodyBytes + 1024;

/** A request outside ApiClient's conveniences (no content-type, streamed bodies). */
function rawRequest(client: ApiClient, method: string, path: string, body: BodyInit, headers: Record<string, string> = {}) {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = decodeURIComponent(client.cookies.get(CSRF_COOKIE) ?? "");
  return fetch(client.baseUrl + path, {
    method,
    body,
    headers: { cookie, [CSRF_HEADER]: csrf, ...headers },
    duplex: "half",
    signal: AbortSignal.timeout(30_000),
  } as RequestInit);
}

async function expectJsonError(response: Response, status: number, code: string) {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expectError({ status: response.status, body: await response.json() }, status, code);
}

for (const server of testServers()) {
  describe(`bad input on ${server.name}`, () => {
    let admin: ApiClient;
    let user: TestUser;
    let notebookId: string;

    /** The user's notebooks and the one notebook's name: what every refusal must leave alone. */
    async function snapshot() {
      const listed = await user.client.get("/api/notebooks");
      const one = await user.client.get(`/api/notebooks/${notebookId}`);
      expect(listed.status).toBe(200);
      return { notebooks: listed.body.notebooks.map((n: { id: string; name: string }) => `${n.id}:${n.name}`).sort(), name: one.body.notebook.name };
    }

    beforeAll(async () => {
      admin = await adminClient(server);
      user = await createUser(admin, "member", "bad");
      notebookId = await createNotebook(user.client, "Original name");
    });

    it("malformed JSON is 400 invalid_json", async () => {
      const before = await snapshot();
      for (const raw of ['{"name": "Broken"', "{name: 'Broken'}", "", "not json at all"]) {
        expectError(await user.client.request("POST", "/api/notebooks", undefined, { raw }), 400, "invalid_json");
        expectError(await user.client.request("PATCH", `/api/notebooks/${notebookId}`, undefined, { raw }), 400, "invalid_json");
      }
      expect(await snapshot()).toEqual(before);
    });

    it("JSON that is not an object, or has wrong types, is 400 invalid_body", async () => {
      const before = await snapshot();
      for (const raw of ["[]", '"Just a string"', "null", "42", '{"name": 42}', '{"name": null}', "{}"]) {
        expectError(await user.client.request("POST", "/api/notebooks", undefined, { raw }), 400, "invalid_body");
      }
      expect(await snapshot()).toEqual(before);
    });

    it("a body that is not application/json is 415", async () => {
      const before = await snapshot();
      const body = JSON.stringify({ name: "Wrong type" });
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"]) {
        const response = await user.client.request("POST", "/api/notebooks", undefined, { raw: body, headers: { "content-type": type } });
        expectError(response, 415, "unsupported_media_type");
      }
      // No content-type at all.
      await expectJsonError(await rawRequest(user.client, "POST", "/api/notebooks", new TextEncoder().encode(body)), 415, "unsupported_media_type");
      expect(await snapshot()).toEqual(before);
    });

    it(`a body over ${LIMITS.bodyBytes} bytes is 413, with or without Content-Length`, async () => {
      const before = await snapshot();
      expectError(await user.client.post("/api/notebooks", { name: "a".repeat(OVERSIZE) }), 413, "payload_too_large");
      // Valid JSON with a short name, padded past the limit.
      const padded = `{"name": "Padded"${" ".repeat(OVERSIZE)}}`;
      expectError(await user.client.request("PATCH", `/api/notebooks/${notebookId}`, undefined, { raw: padded }), 413, "payload_too_large");
      expectError(await new ApiClient(server.url).request("POST", "/api/auth/login", undefined, { raw: padded }), 413, "payload_too_large");

      // Streamed in chunks: no Content-Length, so the limit applies while reading.
      const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 0) controller.enqueue(new TextEncoder().encode('{"name": "Streamed"'));
          else if (sent * chunk.byteLength > OVERSIZE) {
            controller.enqueue(new TextEncoder().encode("}"));
            controller.close();
            return;
          } else controller.enqueue(chunk);
          sent++;
        },
      });
      const streamed = await rawRequest(user.client, "POST", "/api/notebooks", stream, { "content-type": "application/json" });
      await expectJsonError(streamed, 413, "payload_too_large");
      expect(await snapshot()).toEqual(before);
    });

    it("unknown fields are 400 invalid_body naming the field", async () => {
      const before = await snapshot();
      const created = await user.client.post("/api/notebooks", { name: "With extra", color: "red" });
      expectError(created, 400, "invalid_body");
      expect(created.body.error.message).toContain("color");
      const renamed = await user.client.patch(`/api/notebooks/${notebookId}`, { name: "Renamed", ownerId: "someone-else" });
      expectError(renamed, 400, "invalid_body");
      expect(renamed.body.error.message).toContain("ownerId");
      expect(await snapshot()).toEqual(before);

      const tokensBefore = (await user.client.get("/api/tokens")).body.tokens.length;
      const token = await user.client.post("/api/tokens", { name: "Scoped", scope: "admin" });
      expectError(token, 400, "invalid_body");
      expect(token.body.error.message).toContain("scope");
      expect((await user.client.get("/api/tokens")).body.tokens.length).toBe(tokensBefore);

      const patched = await admin.patch(`/api/users/${user.id}`, { role: "admin", isSuperuser: true });
      expectError(patched, 400, "invalid_body");
      expect(patched.body.error.message).toContain("isSuperuser");
      expect((await user.client.get("/api/auth/session")).body.user.role).toBe("member");
    });

    it("names must be 1-120 characters from the whitelist", async () => {
      const before = await snapshot();
      const refused = [
        "",
        "   ",
        "a".repeat(LIMITS.nameLength + 1),
        "<script>alert(1)</script>",
        "x'); DROP TABLE notebooks;--",
        "a > b",
        "semi;colon",
        'say "hi"',
        "tab\tname",
        "line\nbreak",
        "nul\u0000byte",
      ];
      for (const name of refused) {
        const created = await user.client.post("/api/notebooks", { name });
        expectError(created, 400, "invalid_body");
        expect(created.body.error.message).toContain("name");
        expectError(await user.client.patch(`/api/notebooks/${notebookId}`, { name }), 400, "invalid_body");
      }
      expect(await snapshot()).toEqual(before);

      for (const name of ["Bob's notebook", "a".repeat(LIMITS.nameLength), "Café Ωmega 数据 (v2) #1 & co."]) {
        const created = await user.client.post("/api/notebooks", { name });
        expect(created.status, name).toBe(201);
        expect((await user.client.get(`/api/notebooks/${created.body.notebook.id}`)).body.notebook.name).toBe(name);
      }
    });

    it("user fields are validated and nothing is created", async () => {
      const bodies = [
        { username: "Bad Name!", name: "Bad", password: PASSWORD },
        { username: "ab", name: "Short", password: PASSWORD },
        { username: uniqueName("pw"), name: "Short password", password: "short" },
        { username: uniqueName("pw"), name: "Long password", password: "x".repeat(LIMITS.passwordMax + 1) },
        { username: uniqueName("rl"), name: "Bad role", password: PASSWORD, role: "owner" },
        { username: uniqueName("nm"), name: "<b>Bold</b>", password: PASSWORD },
      ];
      for (const body of bodies) expectError(await admin.post("/api/users", body), 400, "invalid_body");
      const usernames = (await admin.get("/api/users")).body.users.map((u: { username: string }) => u.username);
      for (const body of bodies) expect(usernames).not.toContain(body.username.toLowerCase());
    });

    it("ids in the path must be uuids: 400 invalid_id", async () => {
      const before = await snapshot();
      const bad = ["not-a-uuid", "123", `${notebookId}x`, "00000000-0000-0000-0000-00000000000g"];
      for (const id of bad) {
        expectError(await user.client.get(`/api/notebooks/${id}`), 400, "invalid_id");
        expectError(await user.client.patch(`/api/notebooks/${id}`, { name: "Renamed" }), 400, "invalid_id");
        expectError(await user.client.delete(`/api/notebooks/${id}`), 400, "invalid_id");
        expectError(await user.client.post(`/api/notebooks/${id}/trash`), 400, "invalid_id");
        expectError(await user.client.get(`/api/notebooks/${id}/members`), 400, "invalid_id");
      }
      expectError(await user.client.delete(`/api/notebooks/${notebookId}/members/not-a-user`), 400, "invalid_id");
      expectError(await user.client.delete("/api/tokens/not-a-token"), 400, "invalid_id");
      expectError(await admin.delete("/api/invites/not-an-invite"), 400, "invalid_id");
      expectError(await admin.patch("/api/users/not-a-user", { disabled: true }), 400, "invalid_id");
      expectError(await user.client.put(`/api/notebooks/${notebookId}/members`, { userId: "not-a-user", role: "viewer" }), 400, "invalid_body");
      expect(await snapshot()).toEqual(before);
      // Case does not matter for a valid uuid.
      expect((await user.client.get(`/api/notebooks/${notebookId.toUpperCase()}`)).body.notebook.id).toBe(notebookId);
    });

    it("unknown API paths are a JSON 404", async () => {
      for (const [method, path] of [
        ["GET", "/api/nothing-here"],
        ["POST", "/api/notebooks-v2"],
        ["DELETE", "/api/users/x/y/z"],
        ["GET", `/api/notebooks/${notebookId}/cells`],
        ["GET", "/api"],
      ] as const) {
        const response = await user.client.request(method, path, method === "POST" ? {} : undefined);
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        expectError(response, 404, "not_found");
      }
    });

    it("a method a route does not have is a JSON 405", async () => {
      for (const [method, path] of [
        ["PUT", "/api/health"],
        ["DELETE", "/api/notebooks"],
        ["PATCH", `/api/notebooks/${notebookId}/trash`],
      ] as const) {
        const response = await user.client.request(method, path, method === "DELETE" ? undefined : {});
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        expectError(response, 405, "method_not_allowed");
      }
    });
  });
}
