import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "./client";
import { adminClient, createNotebook, createUser, expectError, grant, testServers, type TestUser } from "./world";

/**
 * The lineage routes from outside. Nothing records lineage over HTTP yet (the
 * kernel will, over IPC), so this covers authorization, validation and the
 * empty answers; the graph and export contents are tested against a real
 * store in primitives/lineage/*.test.ts.
 */
for (const server of testServers()) {
  describe(`lineage routes on ${server.name}`, () => {
    let owner: TestUser;
    let viewer: TestUser;
    let stranger: TestUser;
    let notebookId: string;

    beforeAll(async () => {
      const admin = await adminClient(server);
      [owner, viewer, stranger] = (await Promise.all(["lowner", "lviewer", "lstranger"].map((prefix) => createUser(admin, "member", prefix)))) as [
        TestUser,
        TestUser,
        TestUser,
      ];
      notebookId = await createNotebook(owner.client, "Lineage notebook");
      await grant(owner.client, notebookId, viewer.id, "viewer");
    });

    const graphPath = (query: string) => `/api/lineage/graph?${query}`;

    it("answers a readable notebook without lineage with an empty graph", async () => {
      for (const client of [owner.client, viewer.client]) {
        const response = await client.get(graphPath(`kind=notebook&id=${notebookId}&direction=down&depth=4`));
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ graph: { roots: [], nodes: [], edges: [], truncated: false } });
      }
      // Defaults: both directions, depth 3.
      expect((await viewer.client.get(graphPath(`kind=notebook&id=${notebookId.toUpperCase()}`))).status).toBe(200);
    });

    it("hides a notebook's lineage from those who cannot read it", async () => {
      expectError(await stranger.client.get(graphPath(`kind=notebook&id=${notebookId}`)), 404, "not_found");
      expectError(await new ApiClient(server.url).get(graphPath(`kind=notebook&id=${notebookId}`)), 401, "unauthenticated");
      expectError(await new ApiClient(server.url).get(`/api/lineage/runs/${notebookId}/openlineage`), 401, "unauthenticated");
    });

    it("answers 404 for a node or run that was never recorded", async () => {
      const unknown = "6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab";
      expectError(await owner.client.get(graphPath(`kind=run&id=${unknown}`)), 404, "not_found");
      expectError(await owner.client.get(graphPath(`kind=dataset_version&id=${unknown}@${"0".repeat(64)}`)), 404, "not_found");
      expectError(await owner.client.get(`/api/lineage/runs/${unknown}/openlineage`), 404, "not_found");
    });

    it("rejects malformed queries and ids with 400", async () => {
      for (const query of [
        "id=" + notebookId,
        `kind=notebook`,
        `kind=notebook&id=not-a-uuid`,
        `kind=Notebook&id=${notebookId}`,
        `kind=notebook&id=${notebookId}&direction=sideways`,
        `kind=notebook&id=${notebookId}&depth=-1`,
        `kind=notebook&id=${notebookId}&depth=1000`,
        `kind=notebook&id=${notebookId}&depth=two`,
      ]) {
        const response = await owner.client.get(graphPath(query));
        expect(response.status, query).toBe(400);
        expect(response.body.error.code, query).toBe("invalid_body");
      }
      expectError(await owner.client.get("/api/lineage/runs/run-1/openlineage"), 400, "invalid_id");
    });
  });
}
