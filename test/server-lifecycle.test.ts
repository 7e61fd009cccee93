import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { SESSION_COOKIE } from "../protocol/api";
import { ApiClient } from "./client";
import { startServerProcess } from "./server-process";
import {
  adminClient,
  createNotebook,
  createUser,
  expectError,
  FRESH_ADMIN,
  grant,
  PASSWORD,
  signIn,
  signUpFreshAdmin,
  startFreshServer,
  testServers,
  type FreshServer,
  type TestUser,
} from "./world";

/** The same cookies, aimed at another process (a restart listens on a new port). */
function rebase(client: ApiClient, url: string): ApiClient {
  const copy = new ApiClient(url, client.bearer);
  for (const [k, v] of client.cookies) copy.cookies.set(k, v);
  return copy;
}

function cookieHeader(client: ApiClient): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** Sends a WebSocket upgrade request and reports the plain HTTP answer, or 101 when the upgrade is accepted. */
function upgrade(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: url.hostname,
      port: url.port,
      path,
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
        ...headers,
      },
      timeout: 30_000,
    });
    request.on("upgrade", (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, body: null });
    });
    request.on("response", (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // keep the text for the failure message
        }
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    request.on("timeout", () => request.destroy(new Error(`upgrade ${path} timed out`)));
    request.on("error", reject);
    request.end();
  });
}

/** Opens a real WebSocket to a notebook; rejects with the HTTP status when the upgrade is refused. */
function openSocket(baseUrl: string, notebookId: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/collab/${notebookId}`, { headers });
    socket.on("unexpected-response", (_request, response) => {
      reject(new Error(`upgrade refused with ${response.statusCode}`));
      socket.terminate();
    });
    socket.on("open", () => resolve(socket));
    socket.on("error", reject);
  });
}

for (const server of testServers()) {
  describe(`server lifecycle on ${server.name}`, () => {
    let fresh: FreshServer;
    beforeAll(async () => {
      fresh = await startFreshServer(server.name);
    });
    afterAll(async () => {
      await fresh?.dispose();
    });

    it("data and sessions survive a restart on the same store; SIGTERM and SIGINT exit 0", async () => {
      const admin = await signUpFreshAdmin(fresh.url);
      const member = await createUser(admin, "member", "life");
      const kept = await createNotebook(member.client, "Survives restarts");
      await grant(member.client, kept, (await admin.get("/api/auth/session")).body.user.id, "viewer");
      const binned = await createNotebook(member.client, "In the trash");
      expect((await member.client.post(`/api/notebooks/${binned}/trash`)).status).toBe(200);
      const token = (await member.client.post("/api/tokens", { name: "Persisted" })).body;
      const before = (await member.client.get("/api/notebooks")).body.notebooks;

      // A live WebSocket does not hold up shutdown; the server closes it.
      const socket = await openSocket(fresh.url, kept, { authorization: `Bearer ${token.secret}` });
      const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
      socket.on("error", () => {});

      expect(await fresh.stop("SIGTERM")).toBe(0);
      await closed;
      expect(fresh.process.output()).toContain("SIGTERM: shutting down");

      await fresh.restart();
      const anonymous = new ApiClient(fresh.url);
      expect((await anonymous.get("/api/health")).body).toMatchObject({ ok: true, store: server.name });
      expect((await anonymous.get("/api/auth/setup")).body).toEqual({ needsSetup: false });
      expectError(await anonymous.post("/api/auth/signup", { username: "after-restart", name: "Late", password: PASSWORD }), 403, "signup_closed");

      // The sessions from before the restart still work, CSRF token included.
      const memberAgain = rebase(member.client, fresh.url);
      expect((await memberAgain.get("/api/notebooks")).body.notebooks).toEqual(before);
      expect((await memberAgain.get("/api/notebooks?trashed=1")).body.notebooks.map((n: { id: string }) => n.id)).toEqual([binned]);
      expect((await memberAgain.patch(`/api/notebooks/${kept}`, { name: "Renamed after restart" })).status).toBe(200);
      const members = (await memberAgain.get(`/api/notebooks/${kept}/members`)).body.members;
      expect(members.map((m: { role: string }) => m.role).sort()).toEqual(["owner", "viewer"]);
      expect((await new ApiClient(fresh.url, token.secret).get("/api/auth/session")).body.user.id).toBe(member.id);
      expect((await signIn(fresh.url, FRESH_ADMIN.username, FRESH_ADMIN.password)).signedIn).toBe(true);
      expect((await signIn(fresh.url, member.username, PASSWORD)).signedIn).toBe(true);

      expect(await fresh.stop("SIGINT")).toBe(0);
      await fresh.restart();
      expect((await rebase(member.client, fresh.url).get(`/api/notebooks/${kept}`)).body.notebook.name).toBe("Renamed after restart");
    });

    it("refuses to start with invalid configuration (exit 2)", async () => {
      await expect(startServerProcess({ TRACEBOOK_SESSION_TTL_HOURS: "-1" })).rejects.toThrow(
        /exited with 2 before listening[\s\S]*TRACEBOOK_SESSION_TTL_HOURS/,
      );
    });
  });

  describe(`WebSocket upgrades on ${server.name}`, () => {
    let admin: ApiClient;
    let member: TestUser;
    let stranger: TestUser;
    let notebookId: string;
    beforeAll(async () => {
      admin = await adminClient(server);
      [member, stranger] = await Promise.all([createUser(admin, "member", "wsm"), createUser(admin, "member", "wss")]);
      notebookId = await createNotebook(member.client, "Live notebook");
    });

    it("paths other than /collab/<uuid> are 404", async () => {
      for (const path of ["/", "/nope", "/api/notebooks", "/collab", "/collab/", "/collab/not-a-uuid", `/collab/${notebookId}/extra`]) {
        const response = await upgrade(server.url, path, { cookie: cookieHeader(member.client) });
        expect(response, path).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
      }
    });

    it("without valid credentials the upgrade is 401", async () => {
      expectError(await upgrade(server.url, `/collab/${notebookId}`), 401, "unauthenticated");
      expectError(await upgrade(server.url, `/collab/${notebookId}`, { cookie: `${SESSION_COOKIE}=tbs_forged` }), 401, "unauthenticated");
      expectError(await upgrade(server.url, `/collab/${notebookId}`, { authorization: "Bearer tbk_forged" }), 401, "unauthenticated");
    });

    it("a user who cannot see the notebook gets 404, for it and for a missing one", async () => {
      expectError(await upgrade(server.url, `/collab/${notebookId}`, { cookie: cookieHeader(stranger.client) }), 404, "not_found");
      const missing = "00000000-0000-4000-8000-000000000000";
      expectError(await upgrade(server.url, `/collab/${missing}`, { cookie: cookieHeader(member.client) }), 404, "not_found");
    });

    it("a cookie-authenticated upgrade from another site is refused; same-site and token ones pass", async () => {
      const host = new URL(server.url).host;
      expectError(
        await upgrade(server.url, `/collab/${notebookId}`, { cookie: cookieHeader(member.client), origin: "http://evil.example" }),
        403,
        "csrf_failed",
      );
      expect((await upgrade(server.url, `/collab/${notebookId}`, { cookie: cookieHeader(member.client), origin: `http://${host}` })).status).toBe(101);
      const token = (await member.client.post("/api/tokens", { name: "origin" })).body.secret;
      expect((await upgrade(server.url, `/collab/${notebookId}`, { authorization: `Bearer ${token}`, origin: "http://evil.example" })).status).toBe(101);
    });

    it("members (cookie or token) and admins are admitted: 101 Switching Protocols", async () => {
      expect((await upgrade(server.url, `/collab/${notebookId}`, { cookie: cookieHeader(member.client) })).status).toBe(101);
      expect((await upgrade(server.url, `/collab/${notebookId.toUpperCase()}`, { cookie: cookieHeader(member.client) })).status).toBe(101);
      expect((await upgrade(server.url, `/collab/${notebookId}`, { cookie: cookieHeader(admin) })).status).toBe(101);
      const token = (await member.client.post("/api/tokens", { name: "Live" })).body.secret;
      expect((await upgrade(server.url, `/collab/${notebookId}`, { authorization: `Bearer ${token}` })).status).toBe(101);

      // A real WebSocket client: admitted with a cookie, refused with the stranger's.
      const socket = await openSocket(server.url, notebookId, { cookie: cookieHeader(member.client) });
      socket.close();
      await expect(openSocket(server.url, notebookId, { cookie: cookieHeader(stranger.client) })).rejects.toThrow(/404/);
    });

    it("access follows sharing: granted viewers are admitted, revoked users are not", async () => {
      await grant(member.client, notebookId, stranger.id, "viewer");
      expect((await upgrade(server.url, `/collab/${notebookId}`, { cookie: cookieHeader(stranger.client) })).status).toBe(101);
      expect((await member.client.delete(`/api/notebooks/${notebookId}/members/${stranger.id}`)).status).toBe(204);
      expectError(await upgrade(server.url, `/collab/${notebookId}`, { cookie: cookieHeader(stranger.client) }), 404, "not_found");
    });
  });
}
