import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "./client";
import { adminClient, createUser, expectError, PASSWORD, signIn, testServers, uniqueName } from "./world";

interface CreatedInvite {
  invite: { id: string; role: string; usedAt: string | null; createdBy: { username: string } };
  token: string;
  url: string;
}

for (const server of testServers()) {
  describe(`invites on ${server.name}`, () => {
    let admin: ApiClient;
    beforeAll(async () => {
      admin = await adminClient(server);
    });

    async function invite(role: "admin" | "member" = "member"): Promise<CreatedInvite> {
      const response = await admin.post("/api/invites", { role });
      expect(response.status).toBe(201);
      return response.body;
    }

    async function openInviteIds(): Promise<string[]> {
      const response = await admin.get("/api/invites");
      expect(response.status).toBe(200);
      return response.body.invites.map((i: { id: string }) => i.id);
    }

    async function usernames(): Promise<string[]> {
      return (await admin.get("/api/users")).body.users.map((u: { username: string }) => u.username);
    }

    function accept(token: string, username: string, client = new ApiClient(server.url)) {
      return client.post(`/api/invitations/${encodeURIComponent(token)}`, { username, name: "Invited Person", password: PASSWORD });
    }

    it("an admin creates a link whose URL carries the token; the link shows the role", async () => {
      const created = await invite("admin");
      expect(created.token).toMatch(/^tbi_/);
      expect(created.url).toBe(`${server.url}/invite/${created.token}`);
      expect(created.invite).toMatchObject({ role: "admin", usedAt: null, createdBy: { username: server.admin.username } });
      expect(await openInviteIds()).toContain(created.invite.id);
      // The list never carries the token.
      expect(JSON.stringify((await admin.get("/api/invites")).body)).not.toContain(created.token);

      const lookup = await new ApiClient(server.url).get(`/api/invitations/${created.token}`);
      expect(lookup.status).toBe(200);
      expect(lookup.body).toEqual({ role: "admin", expiresAt: expect.any(String) });
      expect(Date.parse(lookup.body.expiresAt)).toBeGreaterThan(Date.now());
    });

    it("accepting creates the user with the invite's role and signs them in", async () => {
      const created = await invite("admin");
      const username = uniqueName("inv");
      const client = new ApiClient(server.url);
      const accepted = await accept(created.token, username, client);
      expect(accepted.status).toBe(201);
      expect(accepted.body.user).toMatchObject({ username, role: "admin", disabled: false });
      expect(client.signedIn).toBe(true);

      const session = await client.get("/api/auth/session");
      expect(session.body.user).toMatchObject({ id: accepted.body.user.id, role: "admin" });
      // An admin invite grants admin powers.
      expect((await client.get("/api/invites")).status).toBe(200);
      expect((await signIn(server.url, username, PASSWORD).then((c) => c.get("/api/auth/session"))).body.user.username).toBe(username);
      expect(await openInviteIds()).not.toContain(created.invite.id);
    });

    it("a member invite makes a member", async () => {
      const created = await invite("member");
      const client = new ApiClient(server.url);
      const accepted = await accept(created.token, uniqueName("invm"), client);
      expect(accepted.status).toBe(201);
      expect(accepted.body.user.role).toBe("member");
      expectError(await client.get("/api/invites"), 403, "forbidden");
    });

    it("a link works once: a second use is 410 and creates nobody", async () => {
      const created = await invite();
      expect((await accept(created.token, uniqueName("once"))).status).toBe(201);

      const late = uniqueName("twice");
      const client = new ApiClient(server.url);
      expectError(await accept(created.token, late, client), 410, "invite_used");
      expect(client.signedIn).toBe(false);
      expectError(await client.get(`/api/invitations/${created.token}`), 410, "invite_used");
      expect(await usernames()).not.toContain(late);
    });

    it("a revoked link is 404 and creates nobody; it cannot be revoked twice", async () => {
      const created = await invite();
      expect((await admin.delete(`/api/invites/${created.invite.id}`)).status).toBe(204);
      expect(await openInviteIds()).not.toContain(created.invite.id);

      const username = uniqueName("revk");
      expectError(await new ApiClient(server.url).get(`/api/invitations/${created.token}`), 404, "not_found");
      expectError(await accept(created.token, username), 404, "not_found");
      expect(await usernames()).not.toContain(username);
      expectError(await admin.delete(`/api/invites/${created.invite.id}`), 404, "not_found");
    });

    it("a used link cannot be revoked", async () => {
      const created = await invite();
      expect((await accept(created.token, uniqueName("used"))).status).toBe(201);
      expectError(await admin.delete(`/api/invites/${created.invite.id}`), 404, "not_found");
    });

    it("an unknown token is 404", async () => {
      const anonymous = new ApiClient(server.url);
      for (const token of ["tbi_doesnotexist", "nothing-like-a-token", "x".repeat(300)]) {
        expectError(await anonymous.get(`/api/invitations/${token}`), 404, "not_found");
      }
      const username = uniqueName("unk");
      expectError(await accept("tbi_doesnotexist", username), 404, "not_found");
      expect(await usernames()).not.toContain(username);
    });

    it("a taken username is 409 and leaves the link usable", async () => {
      const existing = await createUser(admin, "member", "taken");
      const created = await invite("admin");
      const client = new ApiClient(server.url);
      expectError(await accept(created.token, existing.username, client), 409, "conflict");
      expect(client.signedIn).toBe(false);
      // The existing account is untouched: still a member, same password.
      const listed = (await admin.get("/api/users")).body.users.find((u: { username: string }) => u.username === existing.username);
      expect(listed).toMatchObject({ id: existing.id, role: "member" });
      expect((await signIn(server.url, existing.username, PASSWORD)).signedIn).toBe(true);

      expect((await client.get(`/api/invitations/${created.token}`)).status).toBe(200);
      expect(await openInviteIds()).toContain(created.invite.id);
      const accepted = await accept(created.token, uniqueName("retry"), client);
      expect(accepted.status).toBe(201);
      expect(accepted.body.user.role).toBe("admin");
    });

    it("validates the invite body and the accepting body", async () => {
      // A second admin of its own, so that other tests' invites do not blur the check.
      const inviter = await createUser(admin, "admin", "inviter");
      for (const body of [{ role: "owner" }, { expiresInHours: 0 }, { expiresInHours: 24 * 31 }, { expiresInHours: 1.5 }, { role: "member", extra: 1 }]) {
        expectError(await inviter.client.post("/api/invites", body), 400, "invalid_body");
      }
      const open = (await admin.get("/api/invites")).body.invites;
      expect(open.filter((i: { createdBy: { id: string } }) => i.createdBy.id === inviter.id)).toEqual([]);

      const created = await invite();
      const client = new ApiClient(server.url);
      const path = `/api/invitations/${created.token}`;
      expectError(await client.post(path, { username: "x", name: "Short", password: PASSWORD }), 400, "invalid_body");
      expectError(await client.post(path, { username: uniqueName("pw"), name: "Weak", password: "short" }), 400, "invalid_body");
      expectError(await client.post(path, { username: uniqueName("rl"), name: "Role", password: PASSWORD, role: "admin" }), 400, "invalid_body");
      expect((await client.get(path)).status).toBe(200);
    });
  });
}
