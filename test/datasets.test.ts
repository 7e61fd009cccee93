import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDatasetHistory, v2Profile, v2Schema, v2Sample, type DatasetHistory } from "../primitives/lineage/dataset-fixture";
import type { DatasetDetailView, DatasetListView } from "../protocol/datasets";
import { ApiClient } from "./client";
import { seedLineage } from "./lineage-seed";
import { createNotebook, createUser, expectError, grant, signUpFreshAdmin, startFreshServer, testServers, type FreshServer } from "./world";

/**
 * The dataset routes from outside, on a server of their own: its users and
 * notebooks are made over HTTP, the lineage is written into its store while it
 * is stopped (nothing records lineage over HTTP), and the routes are read after
 * a restart. Owner reads notebooks A and B; the viewer reads only B, where
 * customers is read but not made; the stranger reads neither.
 */
const stores = testServers().map((s) => s.name);

describe.each(stores)("dataset routes on %s", (storeName) => {
  let server: FreshServer;
  let clients: { admin: ApiClient; owner: ApiClient; viewer: ApiClient; stranger: ApiClient; anonymous: ApiClient };
  let h: DatasetHistory;
  let customersId: string;
  let featuresId: string;

  beforeAll(async () => {
    server = await startFreshServer(storeName);
    const admin = await signUpFreshAdmin(server.url);
    const [owner, viewer, stranger] = await Promise.all(["downer", "dviewer", "dstranger"].map((prefix) => createUser(admin, "member", prefix)));
    const notebookA = await createNotebook(owner!.client, "Ingest");
    const notebookB = await createNotebook(owner!.client, "Features");
    await grant(owner!.client, notebookB, viewer!.id, "viewer");
    h = buildDatasetHistory({ notebookA, notebookB, actorId: owner!.id });

    await server.stop();
    await seedLineage({ dataDir: server.process.dataDir, databaseUrl: server.databaseUrl }, h.events);
    await server.restart();
    // Sessions live in the store and survive the restart; only the address changed.
    const moved = (client: ApiClient) => {
      const copy = new ApiClient(server.url);
      for (const [k, v] of client.cookies) copy.cookies.set(k, v);
      return copy;
    };
    clients = { admin: moved(admin), owner: moved(owner!.client), viewer: moved(viewer!.client), stranger: moved(stranger!.client), anonymous: new ApiClient(server.url) };
    const listed = await clients.owner.get<DatasetListView>("/api/datasets");
    customersId = listed.body.datasets.find((d) => d.name === "customers")!.id;
    featuresId = listed.body.datasets.find((d) => d.name === "customers_features")!.id;
  }, 180_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it("lists every dataset name, each with the versions the caller may see", async () => {
    const counts = async (client: ApiClient) => {
      const response = await client.get<DatasetListView>("/api/datasets");
      expect(response.status).toBe(200);
      expect(response.body.truncated).toBe(false);
      return Object.fromEntries(response.body.datasets.map((d) => [d.name, [d.versionCount, d.latest?.version ?? null]]));
    };
    const all = { customers: [2, h.versions.v2], customers_features: [1, h.versions.features] };
    expect(await counts(clients.owner)).toEqual(all);
    // Admins act as owners of every notebook.
    expect(await counts(clients.admin)).toEqual(all);
    expect(await counts(clients.viewer)).toEqual({ customers: [0, null], customers_features: [1, h.versions.features] });
    expect(await counts(clients.stranger)).toEqual({ customers: [0, null], customers_features: [0, null] });
    const [latest] = (await clients.owner.get<DatasetListView>("/api/datasets?q=customers&kind=dataset&limit=1")).body.datasets;
    expect(latest).toMatchObject({ kind: "dataset", namespace: h.namespace, latest: { rowCount: 4 } });
  });

  it("searches by part of the name and limits", async () => {
    const names = async (query: string) => {
      const response = await clients.owner.get<DatasetListView>(`/api/datasets?${query}`);
      return [response.body.datasets.map((d) => d.name), response.body.truncated];
    };
    expect(await names("q=%20FEATURES%20")).toEqual([["customers_features"], false]);
    // One batch wrote both: the same record time, so by name.
    expect(await names("q=custom")).toEqual([["customers", "customers_features"], false]);
    expect(await names("q=custom&limit=1")).toEqual([["customers"], true]);
    expect(await names("q=nothing-like-this")).toEqual([[], false]);
    expect(await names("kind=model")).toEqual([[], false]);
  });

  it("answers a dataset with its versions newest first: schema, row count, facets, the run that wrote it and the runs around it", async () => {
    const response = await clients.owner.get<DatasetDetailView>(`/api/datasets/${customersId.toUpperCase()}`);
    expect(response.status).toBe(200);
    const { dataset, versions, truncated } = response.body;
    expect(dataset).toMatchObject({ id: customersId, name: "customers", versionCount: 2 });
    expect(truncated).toBe(false);
    expect(versions.map((v) => v.version)).toEqual([h.versions.v2, h.versions.v1]);
    const [v2, v1] = versions;
    expect(v2).toMatchObject({
      rowCount: 4,
      schema: v2Schema,
      notebookId: h.notebookA,
      createdBy: { id: h.runs.loadV2, status: "completed", job: { notebookId: h.notebookA, cellId: "load" } },
      producedByCount: 1,
      consumedBy: [{ id: h.runs.features, job: { notebookId: h.notebookB, cellId: "features" } }],
      consumedByCount: 1,
    });
    expect(v2!.facets.tracebook_sample).toEqual(v2Sample);
    expect((v2!.facets.tracebook_profile as typeof v2Profile).columns.map((c) => c.name)).toEqual(["id", "name", "email"]);
    expect(Date.parse(v2!.createdAt)).not.toBeNaN();
    expect(v1).toMatchObject({ rowCount: 3, facets: {}, consumedBy: [], createdBy: { id: h.runs.loadV1 } });
    const one = await clients.owner.get<DatasetDetailView>(`/api/datasets/${customersId}?limit=1`);
    expect([one.body.versions.length, one.body.truncated]).toEqual([1, true]);
  });

  it("leaves out versions and runs of notebooks the caller cannot read", async () => {
    const forViewer = await clients.viewer.get<DatasetDetailView>(`/api/datasets/${customersId}`);
    expect(forViewer.status).toBe(200);
    expect(forViewer.body).toMatchObject({ dataset: { name: "customers", versionCount: 0, latest: null }, versions: [] });
    const features = await clients.viewer.get<DatasetDetailView>(`/api/datasets/${featuresId}`);
    // The viewer sees the version made in B, and its writer; the run's inputs from A stay hidden elsewhere.
    expect(features.body.versions).toMatchObject([{ version: h.versions.features, createdBy: { id: h.runs.features } }]);
    expect((await clients.stranger.get<DatasetDetailView>(`/api/datasets/${featuresId}`)).body.versions).toEqual([]);
  });

  it("refuses the anonymous, malformed ids and queries, and unknown datasets with the error shape", async () => {
    expectError(await clients.anonymous.get("/api/datasets"), 401, "unauthenticated");
    expectError(await clients.anonymous.get(`/api/datasets/${customersId}`), 401, "unauthenticated");
    expectError(await clients.owner.get("/api/datasets/customers"), 400, "invalid_id");
    expectError(await clients.owner.get("/api/datasets/6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab"), 404, "not_found");
    for (const query of ["limit=0", "limit=501", "limit=ten", "kind=Dataset", `q=${"x".repeat(201)}`]) {
      const response = await clients.owner.get(`/api/datasets?${query}`);
      expectError(response, 400, "invalid_body");
    }
    expectError(await clients.owner.get(`/api/datasets/${customersId}?limit=-1`), 400, "invalid_body");
    expect((await clients.owner.post("/api/datasets", {})).status).toBe(405);
  });

  it("links a version to its lineage graph", async () => {
    const response = await clients.owner.get(`/api/lineage/graph?kind=dataset&id=${customersId}&direction=both&depth=2`);
    expect(response.status).toBe(200);
    const ids = response.body.graph.nodes.map((node: { id: string }) => node.id);
    expect(ids).toEqual(expect.arrayContaining([h.runs.features, h.runs.loadV2, `${customersId}@${h.versions.v2}`]));
  });
});
