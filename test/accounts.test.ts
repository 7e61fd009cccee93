import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "./client";
import {
  adminClient,
  createUser,
  expectError,
  FRESH_ADMIN,
  PASSWORD,
  signIn,
  signUpFreshAdmin,
  startFreshServer,
  testServers,
  uniqueName,
  type FreshServer,
} from "./world";

// Failed logins also count per client address (every test calls from
// 127.0.0.1), so tests on the shared servers keep wrong passwords to a few;
// the rate-limit test runs on a server of its own.

const NEW_PASSWORD = "a different long password";
const MISSING_ID = "00000000-0000-4000-8000-000000000000";

async function usernames(admin: ApiClient): Promise<string[]> {
  const response = await admin.get("/api/users");
  expect(response.status).toBe(200);
  return response.body.users.map((u: { username: string }) => u.username);
}

async function login(url: string, username: string, password: string) {
  return new ApiClient(url).post("/api/auth/login", { username, password });
}

for (const server of testServers()) {
  describe(`accounts on ${server.name}`, () => {
    let admin: ApiClient;
    beforeAll(async () => {
      admin = await adminClient(server);
    });

    it("the first sign-up made the workspace admin", async () => {
      const session = await admin.get("/api/auth/session");
      expect(session.status).toBe(200);
      expect(session.body.user).toMatchObject({ username: server.admin.username, role: "admin", disabled: false });
      expect((await new ApiClient(server.url).get("/api/auth/setup")).body).toEqual({ needsSetup: false });
    });

    it("refuses later sign-ups and creates nothing", async () => {
      const username = uniqueName("late");
      const anonymous = new ApiClient(server.url);
      expectError(await anonymous.post("/api/auth/signup", { username, name: "Late", password: PASSWORD }), 403, "signup_closed");
      expect(anonymous.signedIn).toBe(false);
      expectError(await login(server.url, username, PASSWORD), 401, "invalid_credentials");
      expect(await usernames(admin)).not.toContain(username);
    });

    it("admin creates users who can sign in; usernames are unique regardless of case", async () => {
      const username = uniqueName("made");
      const created = await admin.post("/api/users", { username: username.toUpperCase(), name: "Made User", password: PASSWORD });
      expect(created.status).toBe(201);
      expect(created.body.user).toMatchObject({ id: expect.any(String), username, name: "Made User", role: "member", disabled: false });

      const user = await signIn(server.url, username.toUpperCase(), PASSWORD);
      expect((await user.get("/api/auth/session")).body.user).toMatchObject({ id: created.body.user.id, role: "member" });

      const again = await admin.post("/api/users", { username, name: "Someone Else", password: PASSWORD, role: "admin" });
      expectError(again, 409, "conflict");
      const listed = (await admin.get("/api/users")).body.users.filter((u: { username: string }) => u.username === username);
      expect(listed).toEqual([expect.objectContaining({ id: created.body.user.id, name: "Made User", role: "member" })]);
    });

    it("members see only the directory and cannot create users or promote themselves", async () => {
      const member = await createUser(admin);
      const directory = await member.client.get("/api/users");
      expect(directory.status).toBe(200);
      const self = directory.body.users.find((u: { id: string }) => u.id === member.id);
      expect(self).toEqual({ id: member.id, username: member.username, name: expect.any(String) });

      const username = uniqueName("sneaky");
      expectError(await member.client.post("/api/users", { username, name: "Sneaky", password: PASSWORD, role: "admin" }), 403, "forbidden");
      expect(await usernames(admin)).not.toContain(username);

      expectError(await member.client.patch(`/api/users/${member.id}`, { role: "admin" }), 403, "forbidden");
      expect((await member.client.get("/api/auth/session")).body.user.role).toBe("member");
    });

    it("a role change applies to the user's existing session", async () => {
      const user = await createUser(admin);
      expect((await admin.patch(`/api/users/${user.id}`, { role: "admin" })).body.user.role).toBe("admin");
      const made = await user.client.post("/api/users", { username: uniqueName("byp"), name: "By Promoted", password: PASSWORD });
      expect(made.status).toBe(201);
      expect((await admin.patch(`/api/users/${user.id}`, { role: "member" })).body.user.role).toBe("member");
      expectError(await user.client.post("/api/users", { username: uniqueName("byd"), name: "By Demoted", password: PASSWORD }), 403, "forbidden");
    });

    it("changing the password ends the user's other sessions but keeps the current one", async () => {
      const user = await createUser(admin);
      const other = await signIn(server.url, user.username, PASSWORD);

      const wrong = await user.client.post("/api/auth/password", { currentPassword: "not my password", newPassword: NEW_PASSWORD });
      expectError(wrong, 401, "invalid_credentials");
      const same = await user.client.post("/api/auth/password", { currentPassword: PASSWORD, newPassword: PASSWORD });
      expectError(same, 400, "weak_password");
      // Neither refusal changed anything: both sessions still work.
      expect((await other.get("/api/auth/session")).status).toBe(200);

      const changed = await user.client.post("/api/auth/password", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expect(changed.status).toBe(204);
      expect((await user.client.get("/api/auth/session")).body.user.id).toBe(user.id);
      expectError(await other.get("/api/auth/session"), 401, "unauthenticated");
      expectError(await login(server.url, user.username, PASSWORD), 401, "invalid_credentials");
      expect((await login(server.url, user.username, NEW_PASSWORD)).status).toBe(200);
    });

    it("disabling a user ends their sessions and blocks sign-in until re-enabled", async () => {
      const user = await createUser(admin);
      const disabled = await admin.patch(`/api/users/${user.id}`, { disabled: true });
      expect(disabled.status).toBe(200);
      expect(disabled.body.user).toMatchObject({ id: user.id, disabled: true });

      expectError(await user.client.get("/api/auth/session"), 401, "unauthenticated");
      expectError(await user.client.post("/api/notebooks", { name: "While disabled" }), 401, "unauthenticated");
      expectError(await login(server.url, user.username, PASSWORD), 401, "invalid_credentials");
      const listed = (await admin.get("/api/users")).body.users.find((u: { id: string }) => u.id === user.id);
      expect(listed.disabled).toBe(true);
      // Hidden from the directory members share with.
      const member = await createUser(admin);
      const directory = (await member.client.get("/api/users")).body.users.map((u: { id: string }) => u.id);
      expect(directory).not.toContain(user.id);

      expect((await admin.patch(`/api/users/${user.id}`, { disabled: false })).body.user.disabled).toBe(false);
      expectError(await user.client.get("/api/auth/session"), 401, "unauthenticated");
      expect((await login(server.url, user.username, PASSWORD)).status).toBe(200);
    });

    it("updating a user that does not exist is 404", async () => {
      expectError(await admin.patch(`/api/users/${MISSING_ID}`, { disabled: true }), 404, "not_found");
    });
  });

  describe(`accounts on a fresh ${server.name} workspace`, () => {
    let fresh: FreshServer;
    let admin: ApiClient;
    beforeAll(async () => {
      fresh = await startFreshServer(server.name, { TRACEBOOK_LOGIN_MAX_FAILURES: "3" });
    });
    afterAll(async () => {
      await fresh?.dispose();
    });

    it("the first sign-up creates the admin and closes sign-up", async () => {
      const anonymous = new ApiClient(fresh.url);
      expect((await anonymous.get("/api/auth/setup")).body).toEqual({ needsSetup: true });
      admin = await signUpFreshAdmin(fresh.url);
      const session = await admin.get("/api/auth/session");
      expect(session.body.user).toMatchObject({ username: FRESH_ADMIN.username, role: "admin" });
      expect((await anonymous.get("/api/auth/setup")).body).toEqual({ needsSetup: false });
      const second = await anonymous.post("/api/auth/signup", { username: "second-user", name: "Second", password: PASSWORD });
      expectError(second, 403, "signup_closed");
      expect(await usernames(admin)).toEqual([FRESH_ADMIN.username]);
    });

    it("the last active admin cannot be demoted or disabled", async () => {
      const self = (await admin.get("/api/auth/session")).body.user.id;
      expectError(await admin.patch(`/api/users/${self}`, { role: "member" }), 409, "conflict");
      expectError(await admin.patch(`/api/users/${self}`, { disabled: true }), 409, "conflict");
      expect((await admin.get("/api/auth/session")).body.user).toMatchObject({ role: "admin", disabled: false });

      const other = await createUser(admin, "admin", "second");
      // A disabled admin does not count.
      expect((await admin.patch(`/api/users/${other.id}`, { disabled: true })).status).toBe(200);
      expectError(await admin.patch(`/api/users/${self}`, { role: "member" }), 409, "conflict");

      expect((await admin.patch(`/api/users/${other.id}`, { disabled: false })).status).toBe(200);
      const otherClient = await signIn(fresh.url, other.username, PASSWORD);
      expect((await admin.patch(`/api/users/${self}`, { role: "member" })).body.user.role).toBe("member");
      expectError(await admin.post("/api/users", { username: "by-demoted", name: "X", password: PASSWORD }), 403, "forbidden");
      // Now the other admin is the last one.
      expectError(await otherClient.patch(`/api/users/${other.id}`, { role: "member" }), 409, "conflict");
      expect((await otherClient.patch(`/api/users/${self}`, { role: "admin" })).body.user.role).toBe("admin");
    });

    // Runs last on this server: the limit also counts per client address, so
    // afterwards no one can sign in here from 127.0.0.1 for the window.
    it("repeated wrong passwords are rate limited, and then the right password is refused too", async () => {
      const created = await admin.post("/api/users", { username: "limited-user", name: "Limited", password: PASSWORD });
      expect(created.status).toBe(201);
      for (let i = 0; i < 3; i++) {
        expectError(await login(fresh.url, "limited-user", `wrong password ${i}`), 401, "invalid_credentials");
      }
      const limited = await login(fresh.url, "limited-user", "wrong password again");
      expectError(limited, 429, "rate_limited");
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 15 * 60).toBe(true);

      const right = new ApiClient(fresh.url);
      expectError(await right.post("/api/auth/login", { username: "limited-user", password: PASSWORD }), 429, "rate_limited");
      expect(right.signedIn).toBe(false);
      // Existing sessions are not affected.
      expect((await admin.get("/api/auth/session")).status).toBe(200);
    });
  });
}
