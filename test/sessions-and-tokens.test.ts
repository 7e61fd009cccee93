import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from "../protocol/api";
import { ApiClient } from "./client";
import {
  adminClient,
  createNotebook,
  createUser,
  expectError,
  FRESH_ADMIN,
  signIn,
  signUpFreshAdmin,
  startFreshServer,
  testServers,
  type FreshServer,
  type TestUser,
} from "./world";

function setCookie(headers: Headers, name: string): string {
  const line = headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`no Set-Cookie for ${name}: ${headers.getSetCookie().join(" | ")}`);
  return line;
}

async function notebookNames(client: ApiClient): Promise<string[]> {
  const response = await client.get("/api/notebooks");
  expect(response.status).toBe(200);
  return response.body.notebooks.map((n: { name: string }) => n.name).sort();
}

for (const server of testServers()) {
  describe(`sessions and CSRF on ${server.name}`, () => {
    let admin: ApiClient;
    let user: TestUser;
    beforeAll(async () => {
      admin = await adminClient(server);
      user = await createUser(admin, "member", "sess");
    });

    it("sets an HttpOnly, SameSite=Lax session cookie and a script-readable CSRF cookie", async () => {
      const client = new ApiClient(server.url);
      const response = await client.post("/api/auth/login", { username: user.username, password: user.password });
      expect(response.status).toBe(200);
      const session = setCookie(response.headers, SESSION_COOKIE).split(/;\s*/);
      const csrf = setCookie(response.headers, CSRF_COOKIE).split(/;\s*/);
      expect(session).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Lax", "Path=/"]));
      expect(csrf).toEqual(expect.arrayContaining(["SameSite=Lax", "Path=/"]));
      expect(csrf.map((a) => a.toLowerCase())).not.toContain("httponly");
      // The CSRF cookie carries the token the session view reports.
      expect(decodeURIComponent(client.cookies.get(CSRF_COOKIE)!)).toBe(response.body.csrfToken);
      expect((await client.get("/api/auth/session")).body.csrfToken).toBe(response.body.csrfToken);
    });

    it("logout ends the session for good", async () => {
      const client = await signIn(server.url, user.username, user.password);
      const stolen = client.clone();
      const out = await client.post("/api/auth/logout");
      expect(out.status).toBe(204);
      expect(client.signedIn).toBe(false);
      expectError(await stolen.get("/api/auth/session"), 401, "unauthenticated");
      // Other sessions of the same user are untouched.
      expect((await user.client.get("/api/auth/session")).status).toBe(200);
    });

    it("a forged session cookie is anonymous", async () => {
      const forged = new ApiClient(server.url);
      forged.cookies.set(SESSION_COOKIE, "tbs_forgedforgedforgedforgedforgedforgedforg");
      expectError(await forged.get("/api/auth/session"), 401, "unauthenticated");
      const tampered = user.client.clone();
      tampered.cookies.set(SESSION_COOKIE, user.client.cookies.get(SESSION_COOKIE)!.slice(0, -2) + "xx");
      expectError(await tampered.get("/api/notebooks"), 401, "unauthenticated");
    });

    it("cookie mutations without the right x-csrf-token are refused and change nothing", async () => {
      const id = await createNotebook(user.client, "Csrf target");
      const before = await notebookNames(user.client);
      const other = await signIn(server.url, user.username, user.password);
      const otherToken = decodeURIComponent(other.cookies.get(CSRF_COOKIE)!);

      const attempts = [
        () => user.client.request("POST", "/api/notebooks", { name: "No header" }, { csrf: false }),
        () => user.client.request("POST", "/api/notebooks", { name: "Wrong header" }, { csrf: false, headers: { [CSRF_HEADER]: "wrong" } }),
        // Each session has its own token.
        () => user.client.request("POST", "/api/notebooks", { name: "Other token" }, { csrf: false, headers: { [CSRF_HEADER]: otherToken } }),
        () => user.client.request("PATCH", `/api/notebooks/${id}`, { name: "Renamed" }, { csrf: false }),
        () => user.client.request("POST", `/api/notebooks/${id}/trash`, {}, { csrf: false }),
        () => user.client.request("POST", "/api/auth/logout", {}, { csrf: false }),
      ];
      for (const attempt of attempts) expectError(await attempt(), 403, "csrf_failed");

      expect(await notebookNames(user.client)).toEqual(before);
      expect((await user.client.get(`/api/notebooks/${id}`)).body.notebook).toMatchObject({ name: "Csrf target", trashedAt: null });
      expect((await user.client.get("/api/auth/session")).status).toBe(200);
    });

    it("cross-site Origin headers are refused, same-origin ones pass", async () => {
      const before = await notebookNames(user.client);
      for (const origin of ["https://evil.example", "null", "not a url"]) {
        const response = await user.client.request("POST", "/api/notebooks", { name: "Cross site" }, { headers: { origin } });
        expectError(response, 403, "csrf_failed");
      }
      const anonymous = new ApiClient(server.url);
      const login = await anonymous.request("POST", "/api/auth/login", { username: user.username, password: user.password }, {
        headers: { origin: "https://evil.example" },
      });
      expectError(login, 403, "csrf_failed");
      expect(anonymous.signedIn).toBe(false);
      expect(await notebookNames(user.client)).toEqual(before);

      const same = await user.client.request("POST", "/api/notebooks", { name: "Same site" }, { headers: { origin: server.url } });
      expect(same.status).toBe(201);
    });
  });

  describe(`session expiry on ${server.name}`, () => {
    let fresh: FreshServer;
    beforeAll(async () => {
      // 0.001 h = 3.6 s.
      fresh = await startFreshServer(server.name, { TRACEBOOK_SESSION_TTL_HOURS: "0.001" });
    });
    afterAll(async () => {
      await fresh?.dispose();
    });

    it("a session stops working once it expires; signing in again works", async () => {
      const admin = await signUpFreshAdmin(fresh.url);
      const session = await admin.get("/api/auth/session");
      expect(session.status).toBe(200);
      const expiresAt = Date.parse(session.body.expiresAt);
      let status = 200;
      for (let i = 0; i < 100 && status === 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(100, expiresAt - Date.now() + 50)));
        status = (await admin.get("/api/auth/session")).status;
      }
      expect(status).toBe(401);
      expectError(await admin.post("/api/notebooks", { name: "Too late" }), 401, "unauthenticated");
      const again = await signIn(fresh.url, FRESH_ADMIN.username, FRESH_ADMIN.password);
      expect((await again.get("/api/notebooks")).body.notebooks).toEqual([]);
    });
  });

  describe(`API tokens on ${server.name}`, () => {
    let admin: ApiClient;
    let user: TestUser;
    beforeAll(async () => {
      admin = await adminClient(server);
      user = await createUser(admin, "member", "tok");
    });

    async function newToken(owner: ApiClient, body: Record<string, unknown> = { name: "CI token" }) {
      const created = await owner.post("/api/tokens", body);
      expect(created.status).toBe(201);
      return created.body as { token: { id: string; prefix: string; name: string }; secret: string };
    }

    it("shows the secret once; the list shows only its prefix", async () => {
      const { token, secret } = await newToken(user.client);
      expect(secret).toMatch(/^tbk_/);
      expect(secret.startsWith(token.prefix)).toBe(true);
      expect(token.prefix.length).toBeLessThan(secret.length);
      const list = await user.client.get("/api/tokens");
      expect(list.status).toBe(200);
      expect(list.body.tokens).toContainEqual(expect.objectContaining({ id: token.id, name: "CI token", prefix: token.prefix, lastUsedAt: null }));
      expect(JSON.stringify(list.body)).not.toContain(secret);
      for (const listed of list.body.tokens) expect(listed).not.toHaveProperty("secret");
      // Other users do not see it.
      expect((await admin.get("/api/tokens")).body.tokens.map((t: { id: string }) => t.id)).not.toContain(token.id);
    });

    it("a bearer token reads and mutates without CSRF, and its use is recorded", async () => {
      const { token, secret } = await newToken(user.client);
      const bearer = new ApiClient(server.url, secret);
      const session = await bearer.get("/api/auth/session");
      expect(session.status).toBe(200);
      expect(session.body.user.id).toBe(user.id);

      const created = await bearer.post("/api/notebooks", { name: "Made by token" });
      expect(created.status).toBe(201);
      const listed = (await user.client.get("/api/notebooks")).body.notebooks.find((n: { id: string }) => n.id === created.body.notebook.id);
      expect(listed).toMatchObject({ name: "Made by token", owner: { id: user.id } });
      const tokens = (await user.client.get("/api/tokens")).body.tokens;
      expect(tokens.find((t: { id: string }) => t.id === token.id).lastUsedAt).toEqual(expect.any(String));
    });

    it("a revoked token is refused; it cannot be revoked twice or by someone else", async () => {
      const { token, secret } = await newToken(user.client);
      const bearer = new ApiClient(server.url, secret);
      expectError(await admin.delete(`/api/tokens/${token.id}`), 404, "not_found");
      expect((await bearer.get("/api/notebooks")).status).toBe(200);

      expect((await user.client.delete(`/api/tokens/${token.id}`)).status).toBe(204);
      expectError(await bearer.get("/api/notebooks"), 401, "unauthenticated");
      expectError(await bearer.post("/api/notebooks", { name: "After revoke" }), 401, "unauthenticated");
      expect((await user.client.get("/api/tokens")).body.tokens.map((t: { id: string }) => t.id)).not.toContain(token.id);
      expectError(await user.client.delete(`/api/tokens/${token.id}`), 404, "not_found");
    });

    it("a malformed Authorization header is refused, even beside a valid session cookie", async () => {
      const { secret } = await newToken(user.client);
      for (const authorization of ["Basic dXNlcjpwYXNz", "Bearer", `Bearer ${secret} extra`, secret, "Bearer tbk_unknown", "Bearer not-a-token"]) {
        const anonymous = new ApiClient(server.url);
        expectError(await anonymous.request("GET", "/api/notebooks", undefined, { headers: { authorization } }), 401, "unauthenticated");
        const withCookie = await user.client.request("GET", "/api/notebooks", undefined, { headers: { authorization } });
        expectError(withCookie, 401, "unauthenticated");
      }
    });

    it("a disabled user's tokens stop working", async () => {
      const owner = await createUser(admin, "member", "tokd");
      const { secret } = await newToken(owner.client);
      const bearer = new ApiClient(server.url, secret);
      expect((await bearer.get("/api/auth/session")).status).toBe(200);
      expect((await admin.patch(`/api/users/${owner.id}`, { disabled: true })).status).toBe(200);
      expectError(await bearer.get("/api/auth/session"), 401, "unauthenticated");
      expectError(await bearer.post("/api/notebooks", { name: "Disabled" }), 401, "unauthenticated");
    });

    it("validates expiresInDays", async () => {
      const before = (await user.client.get("/api/tokens")).body.tokens.length;
      for (const expiresInDays of [0, -1, 3651, 1.5, "7", true]) {
        expectError(await user.client.post("/api/tokens", { name: "Bad expiry", expiresInDays }), 400, "invalid_body");
      }
      expect((await user.client.get("/api/tokens")).body.tokens.length).toBe(before);

      const forever = await newToken(user.client, { name: "Forever" });
      expect((await user.client.get("/api/tokens")).body.tokens.find((t: { id: string }) => t.id === forever.token.id).expiresAt).toBeNull();
      const month = await user.client.post("/api/tokens", { name: "Month", expiresInDays: 30 });
      expect(month.status).toBe(201);
      const days = (Date.parse(month.body.token.expiresAt) - Date.parse(month.body.token.createdAt)) / 86_400_000;
      expect(Math.round(days)).toBe(30);
      expect((await new ApiClient(server.url, month.body.secret).get("/api/auth/session")).status).toBe(200);
    });
  });
}
