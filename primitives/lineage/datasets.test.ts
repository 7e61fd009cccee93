import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../auth/principal";
import { openStore, type Store } from "../../db/client";
import { writeLineageBatch } from "../../db/queries/lineage";
import { AppError } from "../../protocol/errors";
import type { UserId } from "../../protocol/ids";
import { buildDatasetHistory, v2Schema, type DatasetHistory } from "./dataset-fixture";
import { createDatasetCatalog, type DatasetCatalog } from "./datasets";
import { parseLineageEvent } from "./event";

const principal = (name: string): Principal => ({ user: { id: randomUUID() as UserId, username: name, name, role: "member" }, via: "session" });

describe("dataset catalog (PGlite)", () => {
  let store: Store;
  let catalog: DatasetCatalog;
  let h: DatasetHistory;
  const alice = principal("alice");
  const bob = principal("bob");
  const asked: string[] = [];

  beforeAll(async () => {
    store = await openStore({ pgliteDir: "memory://" });
    h = buildDatasetHistory();
    /** Alice reads both notebooks; Bob only B, where customers is read but not made. */
    const readable = new Map([
      [alice, new Set([h.notebookA, h.notebookB])],
      [bob, new Set([h.notebookB])],
    ]);
    catalog = createDatasetCatalog({
      db: store.db,
      canRead: async (who, notebookId) => {
        asked.push(`${who.user.name}:${notebookId}`);
        if (!readable.get(who)?.has(notebookId)) throw new AppError("not_found", "notebook not found");
      },
    });
    const events = h.events.map(parseLineageEvent);
    for (let i = 0; i < events.length; i += 2) await writeLineageBatch(store.db, events.slice(i, i + 2));
  });
  afterAll(() => store?.close());

  const customersId = async () => (await catalog.list(alice, { q: "customers", limit: 10 })).datasets.find((d) => d.name === "customers")!.id;

  it("lists every name with the versions the caller may see", async () => {
    const forAlice = await catalog.list(alice, { limit: 10 });
    expect(forAlice.datasets.map((d) => [d.name, d.versionCount, d.latest?.rowCount ?? null])).toEqual([
      ["customers_features", 1, 4],
      ["customers", 2, 4],
    ]);
    expect(forAlice.truncated).toBe(false);
    expect(forAlice.datasets[1]!.latest!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const forBob = await catalog.list(bob, { q: "CUSTOMERS", limit: 1 });
    expect(forBob).toEqual({ datasets: [expect.objectContaining({ name: "customers_features", versionCount: 1 })], truncated: true });
    expect((await catalog.list(bob, { limit: 10 })).datasets.find((d) => d.name === "customers")).toMatchObject({ versionCount: 0, latest: null });
  });

  it("shows a dataset's versions newest first with their schema, facets, writer and readers", async () => {
    const id = await customersId();
    asked.length = 0;
    const detail = await catalog.get(alice, id, { limit: 10 });
    // One permission question per notebook, however many versions and runs.
    expect(asked.sort()).toEqual([`alice:${h.notebookA}`, `alice:${h.notebookB}`].sort());
    expect(detail.dataset).toMatchObject({ id, name: "customers", versionCount: 2 });
    expect(detail.truncated).toBe(false);
    const [v2, v1] = detail.versions;
    expect(v2).toMatchObject({
      version: h.versions.v2,
      rowCount: 4,
      schema: v2Schema,
      notebookId: h.notebookA,
      createdBy: { id: h.runs.loadV2, status: "completed", job: { cellId: "load", notebookId: h.notebookA, kind: "cell" } },
      producedBy: [{ id: h.runs.loadV2 }],
      producedByCount: 1,
      consumedBy: [{ id: h.runs.features, job: { notebookId: h.notebookB, cellId: "features" } }],
      consumedByCount: 1,
    });
    expect(Object.keys(v2!.facets).sort()).toEqual(["tracebook_profile", "tracebook_sample"]);
    expect(v1).toMatchObject({ version: h.versions.v1, rowCount: 3, facets: {}, consumedBy: [], consumedByCount: 0 });
    const first = await catalog.get(alice, id, { limit: 1 });
    expect([first.versions.map((v) => v.version), first.truncated]).toEqual([[h.versions.v2], true]);
  });

  it("hides versions and runs of notebooks the caller cannot read, and answers 404 for an unknown dataset", async () => {
    const forBob = await catalog.get(bob, await customersId(), { limit: 10 });
    expect(forBob).toMatchObject({ dataset: { name: "customers", versionCount: 0, latest: null }, versions: [], truncated: false });
    await expect(catalog.get(alice, randomUUID(), { limit: 10 })).rejects.toMatchObject({ code: "not_found", message: "dataset not found" });
  });
});
