import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "./client";
import { adminClient, createNotebook, createUser, expectError, grant, testServers, type TestUser } from "./world";

const MISSING_ID = "00000000-0000-4000-8000-000000000000";

interface Listed {
  id: string;
  name: string;
  myRole: string;
  owner: { id: string };
  updatedAt: string;
  trashedAt: string | null;
}

async function list(client: ApiClient, query = ""): Promise<Listed[]> {
  const response = await client.get(`/api/notebooks${query}`);
  expect(response.status).toBe(200);
  return response.body.notebooks;
}

const ids = (notebooks: Listed[]) => notebooks.map((n) => n.id);

for (const server of testServers()) {
  describe(`notebooks on ${server.name}`, () => {
    let admin: ApiClient;
    let owner: TestUser;
    let other: TestUser;
    beforeAll(async () => {
      admin = await adminClient(server);
      [owner, other] = await Promise.all([createUser(admin, "member", "nbo"), createUser(admin, "member", "nbx")]);
    });

    async function members(id: string, as: ApiClient = owner.client) {
      const response = await as.get(`/api/notebooks/${id}/members`);
      expect(response.status).toBe(200);
      return Object.fromEntries(response.body.members.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role]));
    }

    it("creates and lists notebooks with owner, role and updatedAt, newest change first", async () => {
      const user = await createUser(admin, "member", "nbc");
      expect(await list(user.client)).toEqual([]);
      const created = await user.client.post("/api/notebooks", { name: "  First notebook  " });
      expect(created.status).toBe(201);
      expect(created.body.notebook).toEqual({
        id: expect.any(String),
        name: "First notebook",
        owner: { id: user.id, username: user.username, name: expect.any(String) },
        myRole: "owner",
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        trashedAt: null,
      });
      const first = created.body.notebook;
      const second = await createNotebook(user.client, "Second notebook");
      expect(ids(await list(user.client))).toEqual([second, first.id]);
      expect((await list(user.client))[1]).toEqual(first);

      const renamed = await user.client.patch(`/api/notebooks/${first.id}`, { name: "Renamed notebook" });
      expect(renamed.status).toBe(200);
      expect(renamed.body.notebook).toMatchObject({ id: first.id, name: "Renamed notebook", createdAt: first.createdAt });
      expect(Date.parse(renamed.body.notebook.updatedAt)).toBeGreaterThan(Date.parse(first.updatedAt));
      const after = await list(user.client);
      expect(ids(after)).toEqual([first.id, second]);
      expect(after[0]).toEqual(renamed.body.notebook);
      expect((await user.client.get(`/api/notebooks/${first.id}`)).body.notebook.name).toBe("Renamed notebook");
      // Others do not see it.
      expect(ids(await list(other.client))).not.toContain(first.id);
    });

    it("a shared user's list shows their role and the owner", async () => {
      const id = await createNotebook(owner.client, "Shared notebook");
      await grant(owner.client, id, other.id, "reviewer");
      const seen = (await list(other.client)).find((n) => n.id === id);
      expect(seen).toMatchObject({ name: "Shared notebook", myRole: "reviewer", owner: { id: owner.id } });
      expect((await other.client.get(`/api/notebooks/${id}`)).body.notebook.myRole).toBe("reviewer");
      expect(await members(id, other.client)).toEqual({ [owner.id]: "owner", [other.id]: "reviewer" });
    });

    it("trash hides a notebook, freezes it, and restore brings it back", async () => {
      const id = await createNotebook(owner.client, "Trash me");
      await grant(owner.client, id, other.id, "editor");
      const trashed = await owner.client.post(`/api/notebooks/${id}/trash`);
      expect(trashed.status).toBe(200);
      expect(trashed.body.notebook.trashedAt).toEqual(expect.any(String));

      expect(ids(await list(owner.client))).not.toContain(id);
      expect(ids(await list(other.client))).not.toContain(id);
      expect((await list(owner.client, "?trashed=1")).find((n) => n.id === id)).toMatchObject({ name: "Trash me", trashedAt: expect.any(String) });
      expect(ids(await list(owner.client, "?trashed=true"))).toContain(id);

      expectError(await owner.client.patch(`/api/notebooks/${id}`, { name: "Renamed in trash" }), 409, "conflict");
      expectError(await other.client.patch(`/api/notebooks/${id}`, { name: "Renamed in trash" }), 409, "conflict");
      const third = await createUser(admin, "member", "nbt");
      expectError(await owner.client.put(`/api/notebooks/${id}/members`, { userId: third.id, role: "viewer" }), 409, "conflict");
      expect(await members(id)).toEqual({ [owner.id]: "owner", [other.id]: "editor" });

      const restored = await owner.client.post(`/api/notebooks/${id}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body.notebook).toMatchObject({ name: "Trash me", trashedAt: null });
      expect(ids(await list(owner.client))).toContain(id);
      expect(ids(await list(other.client))).toContain(id);
      expect(ids(await list(owner.client, "?trashed=1"))).not.toContain(id);
      expect((await other.client.patch(`/api/notebooks/${id}`, { name: "Renamed after restore" })).status).toBe(200);
    });

    it("permanent delete needs the trash first, then the notebook is gone for everyone", async () => {
      const id = await createNotebook(owner.client, "Delete me");
      await grant(owner.client, id, other.id, "viewer");
      expectError(await owner.client.delete(`/api/notebooks/${id}`), 409, "conflict");
      expect((await owner.client.get(`/api/notebooks/${id}`)).body.notebook).toMatchObject({ name: "Delete me", trashedAt: null });

      expect((await owner.client.post(`/api/notebooks/${id}/trash`)).status).toBe(200);
      expect((await owner.client.delete(`/api/notebooks/${id}`)).status).toBe(204);
      for (const client of [owner.client, other.client, admin]) {
        expectError(await client.get(`/api/notebooks/${id}`), 404, "not_found");
        expectError(await client.get(`/api/notebooks/${id}/members`), 404, "not_found");
        expectError(await client.post(`/api/notebooks/${id}/restore`), 404, "not_found");
      }
      expectError(await owner.client.delete(`/api/notebooks/${id}`), 404, "not_found");
      expect(ids(await list(owner.client, "?trashed=1"))).not.toContain(id);
      expect(ids(await list(admin, "?scope=all&trashed=1"))).not.toContain(id);
    });

    it("admins list every notebook with scope=all; members may not", async () => {
      const id = await createNotebook(owner.client, "Private notebook");
      expect(ids(await list(admin))).not.toContain(id);
      const everything = await list(admin, "?scope=all");
      expect(everything.find((n) => n.id === id)).toMatchObject({ name: "Private notebook", owner: { id: owner.id }, myRole: "owner" });
      expectError(await owner.client.get("/api/notebooks?scope=all"), 403, "forbidden");
      // Admins act as owners on it even without a membership.
      expect((await admin.get(`/api/notebooks/${id}`)).body.notebook.myRole).toBe("owner");
      expect(Object.keys(await members(id, admin))).toEqual([owner.id]);
    });

    it("grants, changes and revokes roles; revoking makes the notebook 404 for that user", async () => {
      const id = await createNotebook(owner.client, "Sharing");
      expectError(await other.client.get(`/api/notebooks/${id}`), 404, "not_found");

      const granted = await owner.client.put(`/api/notebooks/${id}/members`, { userId: other.id, role: "viewer" });
      expect(granted.status).toBe(200);
      expect(granted.body.member).toMatchObject({ user: { id: other.id, username: other.username }, role: "viewer" });
      expect(await members(id)).toEqual({ [owner.id]: "owner", [other.id]: "viewer" });
      expectError(await other.client.patch(`/api/notebooks/${id}`, { name: "By viewer" }), 403, "forbidden");

      await grant(owner.client, id, other.id, "editor");
      expect(await members(id)).toEqual({ [owner.id]: "owner", [other.id]: "editor" });
      expect((await other.client.get(`/api/notebooks/${id}`)).body.notebook.myRole).toBe("editor");
      expect((await other.client.patch(`/api/notebooks/${id}`, { name: "By editor" })).status).toBe(200);

      expect((await owner.client.delete(`/api/notebooks/${id}/members/${other.id}`)).status).toBe(204);
      expect(await members(id)).toEqual({ [owner.id]: "owner" });
      expectError(await other.client.get(`/api/notebooks/${id}`), 404, "not_found");
      expectError(await other.client.patch(`/api/notebooks/${id}`, { name: "After revoke" }), 404, "not_found");
      expect(ids(await list(other.client))).not.toContain(id);
      expect((await owner.client.get(`/api/notebooks/${id}`)).body.notebook.name).toBe("By editor");
      expectError(await owner.client.delete(`/api/notebooks/${id}/members/${other.id}`), 404, "not_found");
    });

    it("the last owner cannot be removed or demoted; with two owners one may step down", async () => {
      const id = await createNotebook(owner.client, "Owned");
      expectError(await owner.client.put(`/api/notebooks/${id}/members`, { userId: owner.id, role: "editor" }), 409, "conflict");
      expectError(await owner.client.delete(`/api/notebooks/${id}/members/${owner.id}`), 409, "conflict");
      expectError(await admin.delete(`/api/notebooks/${id}/members/${owner.id}`), 409, "conflict");
      expect(await members(id)).toEqual({ [owner.id]: "owner" });

      await grant(owner.client, id, other.id, "owner");
      expect((await owner.client.put(`/api/notebooks/${id}/members`, { userId: owner.id, role: "viewer" })).status).toBe(200);
      expect(await members(id, other.client)).toEqual({ [owner.id]: "viewer", [other.id]: "owner" });
      // The listed owner follows the remaining owner.
      expect((await other.client.get(`/api/notebooks/${id}`)).body.notebook.owner.id).toBe(other.id);
      expect((await owner.client.get(`/api/notebooks/${id}`)).body.notebook.myRole).toBe("viewer");
      expectError(await other.client.delete(`/api/notebooks/${id}/members/${other.id}`), 409, "conflict");
    });

    it("granting to a user who does not exist or is disabled is 404", async () => {
      const id = await createNotebook(owner.client, "Grant target");
      expectError(await owner.client.put(`/api/notebooks/${id}/members`, { userId: MISSING_ID, role: "viewer" }), 404, "not_found");
      const gone = await createUser(admin, "member", "nbd");
      expect((await admin.patch(`/api/users/${gone.id}`, { disabled: true })).status).toBe(200);
      expectError(await owner.client.put(`/api/notebooks/${id}/members`, { userId: gone.id, role: "viewer" }), 404, "not_found");
      expect(await members(id)).toEqual({ [owner.id]: "owner" });
      expectError(await owner.client.get(`/api/notebooks/${MISSING_ID}`), 404, "not_found");
    });
  });
}
