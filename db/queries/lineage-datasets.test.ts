import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStores, useTestStore } from "../../test/stores";
import { buildDatasetHistory, v2Schema, type DatasetHistory } from "../../primitives/lineage/dataset-fixture";
import { parseLineageEvent } from "../../primitives/lineage/event";
import { hash } from "../../primitives/lineage/pipeline-fixture";
import type { Store } from "../client";
import { writeLineageBatch } from "./lineage";
import {
  findDatasetNotebookIds,
  findLineageDataset,
  listDatasetVersions,
  listLineageDatasets,
  listVersionUses,
} from "./lineage-datasets";

const stores = testStores();
const uniqueName = (prefix: string) => `${prefix}_${randomUUID().slice(0, 8)}`;

describe.each(stores)("dataset queries on $name", ({ open }) => {
  let store: Store;
  useTestStore(open, (opened) => (store = opened));

  /** Writes a history one run per batch (distinct record times), and finds its two datasets. */
  async function recorded(oneBatch = false): Promise<{ h: DatasetHistory; name: string; customersId: string; featuresId: string }> {
    const name = uniqueName("customers");
    const h = buildDatasetHistory({ name });
    const events = h.events.map(parseLineageEvent);
    if (oneBatch) await writeLineageBatch(store.db, events);
    else for (let i = 0; i < events.length; i += 2) await writeLineageBatch(store.db, events.slice(i, i + 2));
    const all = await listLineageDatasets(store.db, { readable: [h.notebookA, h.notebookB], search: name, limit: 10 });
    return { h, name, customersId: all.find((d) => d.name === name)!.id, featuresId: all.find((d) => d.name === `${name}_features`)!.id };
  }

  it("lists datasets with the versions each caller may see, newest versioned first", async () => {
    const { h, name, customersId, featuresId } = await recorded();
    const both = await listLineageDatasets(store.db, { readable: [h.notebookA, h.notebookB], search: name, limit: 10 });
    expect(both.map((d) => [d.name, d.versionCount, d.latest?.version, d.latest?.rowCount])).toEqual([
      [`${name}_features`, 1, h.versions.features, 4],
      [name, 2, h.versions.v2, 4],
    ]);
    expect(both[1]).toMatchObject({ id: customersId, kind: "dataset", namespace: h.namespace });
    // Notebook B's readers see the names, but customers' versions were made in A.
    const onlyB = await listLineageDatasets(store.db, { readable: [h.notebookB], search: name, limit: 10 });
    expect(onlyB.map((d) => [d.id, d.versionCount, d.latest?.version ?? null])).toEqual([
      [featuresId, 1, h.versions.features],
      [customersId, 0, null],
    ]);
    const none = await listLineageDatasets(store.db, { readable: [], search: name, limit: 10 });
    expect(none.map((d) => d.versionCount)).toEqual([0, 0]);
  });

  it("searches names case-insensitively and literally, filters by kind and ids, and limits", async () => {
    const { h, name, customersId, featuresId } = await recorded();
    const readable = [h.notebookA, h.notebookB];
    const search = (text: string) => listLineageDatasets(store.db, { readable, search: text, limit: 10 }).then((r) => r.map((d) => d.id));
    expect(await search(`${name}_FEATURES`.toUpperCase())).toEqual([featuresId]);
    expect(await search(`${name.slice(0, 8)}%`)).toEqual([]);
    expect(await listLineageDatasets(store.db, { readable, search: name, kind: "model", limit: 10 })).toEqual([]);
    expect((await listLineageDatasets(store.db, { readable, ids: [customersId], limit: 10 })).map((d) => d.id)).toEqual([customersId]);
    expect(await listLineageDatasets(store.db, { readable, search: name, limit: 1 })).toHaveLength(1);
    expect(await findLineageDataset(store.db, customersId)).toMatchObject({ name, namespace: h.namespace });
    expect(await findLineageDataset(store.db, randomUUID())).toBeNull();
  });

  it("lists a dataset's visible versions newest first with schema, facets and the run that wrote them", async () => {
    const { h, customersId } = await recorded();
    const versions = await listDatasetVersions(store.db, customersId, [h.notebookA, h.notebookB], 10);
    expect(versions.map((x) => x.version)).toEqual([h.versions.v2, h.versions.v1]);
    const [v2, v1] = versions;
    expect(v2).toMatchObject({ rowCount: 4, schema: v2Schema, notebookId: h.notebookA });
    expect(v2!.facets).toMatchObject({ tracebook_sample: { columns: ["id", "name", "email"], truncated: false } });
    // The stored profile is the parsed one: defaults filled in.
    expect((v2!.facets as any).tracebook_profile.columns[2]).toMatchObject({ name: "email", mean: null, histogram: null, quantiles: null });
    expect(v2!.createdBy!.run).toMatchObject({ id: h.runs.loadV2, status: "completed" });
    expect(v2!.createdBy!.job).toMatchObject({ cellId: "load", notebookId: h.notebookA, kind: "cell" });
    expect(v1).toMatchObject({ rowCount: 3, facets: {} });
    expect(v1!.createdAt.getTime()).toBeLessThan(v2!.createdAt.getTime());
    expect((await listDatasetVersions(store.db, customersId, [h.notebookA], 1)).map((x) => x.version)).toEqual([h.versions.v2]);
    expect(await listDatasetVersions(store.db, customersId, [h.notebookB], 10)).toEqual([]);
  });

  it("orders versions recorded in one batch by the time their run ended", async () => {
    const { h, customersId } = await recorded(true);
    const versions = await listDatasetVersions(store.db, customersId, [h.notebookA], 10);
    expect(versions.map((x) => x.version)).toEqual([h.versions.v2, h.versions.v1]);
    expect(versions[0]!.createdAt.getTime()).toBe(versions[1]!.createdAt.getTime());
    const [listed] = await listLineageDatasets(store.db, { readable: [h.notebookA], ids: [customersId], limit: 1 });
    expect(listed!.latest?.version).toBe(h.versions.v2);
  });

  it("lists the runs that wrote and read each version, newest first, capped per version, visible ones only", async () => {
    const { h, customersId } = await recorded();
    const readers = [randomUUID(), randomUUID(), randomUUID()];
    const more = readers.map((runId, i) =>
      parseLineageEvent({
        ...h.events[4]!,
        eventTime: new Date(Date.UTC(2026, 10, 26, 9, 0, i)).toISOString(),
        run: { runId },
      }),
    );
    await writeLineageBatch(store.db, more);
    const uses = await listVersionUses(store.db, customersId, [h.versions.v1, h.versions.v2], [h.notebookA, h.notebookB], 2);
    const label = (version: string) => (version === h.versions.v1 ? "v1" : "v2");
    // Grouped by version (in hash order) and direction; within a group newest first.
    const groups = new Map<string, Array<[string, number]>>();
    for (const u of uses) {
      const key = `${label(u.version)} ${u.direction}`;
      groups.set(key, [...(groups.get(key) ?? []), [u.run.id, u.total]]);
    }
    expect(Object.fromEntries(groups)).toEqual({
      "v1 output": [[h.runs.loadV1, 1]],
      "v2 input": [[readers[2], 4], [readers[1], 4]],
      "v2 output": [[h.runs.loadV2, 1]],
    });
    expect(uses.map((u) => u.version)).toEqual([...uses.map((u) => u.version)].sort());
    expect(uses.find((u) => u.direction === "input")!.job).toMatchObject({ notebookId: h.notebookB, cellId: "features" });
    const forA = await listVersionUses(store.db, customersId, [h.versions.v2], [h.notebookA], 10);
    expect(forA.map((u) => u.run.id)).toEqual([h.runs.loadV2]);
    expect(await listVersionUses(store.db, customersId, [], [h.notebookA], 10)).toEqual([]);
  });

  it("names the notebooks that hold a dataset's versions or its runs", async () => {
    const { h, customersId, featuresId } = await recorded();
    expect((await findDatasetNotebookIds(store.db, customersId)).sort()).toEqual([h.notebookA, h.notebookB].sort());
    expect(await findDatasetNotebookIds(store.db, featuresId)).toEqual([h.notebookB]);
    const all = await findDatasetNotebookIds(store.db);
    expect(all).toEqual(expect.arrayContaining([h.notebookA, h.notebookB]));
  });

  it("shows versions of no notebook (a pipeline job) to everyone", async () => {
    const name = uniqueName("shared");
    const version = hash(name);
    await writeLineageBatch(store.db, [
      parseLineageEvent({
        eventType: "COMPLETE",
        eventTime: new Date().toISOString(),
        run: { runId: randomUUID() },
        job: { namespace: "tracebook", name: uniqueName("nightly"), kind: "pipeline" },
        outputs: [{ namespace: "duckdb://shared", name, version, facets: { rowCount: 7 } }],
      }),
    ]);
    const [listed] = await listLineageDatasets(store.db, { readable: [], search: name, limit: 10 });
    expect(listed).toMatchObject({ versionCount: 1, latest: { version, rowCount: 7 } });
    const [only] = await listDatasetVersions(store.db, listed!.id, [], 10);
    expect(only).toMatchObject({ notebookId: null, createdBy: { job: { kind: "pipeline", notebookId: null } } });
  });
});
