import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStores, useTestStore } from "../../test/stores";
import type { Store } from "../client";
import { findFeatureViewVersion, insertFeatureViewVersion, listFeatureViewVersions } from "./features-offline";
import { deleteOnlineValues, readOnlineValues, upsertOnlineValues, type OnlineValueWrite } from "./features-online";

const stores = testStores();

const key = (id: string) => JSON.stringify({ user_id: id });
const row = (id: string, orders: number, eventTs: string, createdTs: string | null = null): OnlineValueWrite => ({
  entityKey: key(id), values: { orders }, eventTs, createdTs,
});

describe.each(stores)("feature store queries on $name", ({ open }) => {
  let store: Store;
  useTestStore(open, (opened) => (store = opened));

  const valuesOf = async (view: string, ids: string[]) =>
    Object.fromEntries((await readOnlineValues(store.db, view, ids.map(key))).map((r) => [JSON.parse(r.entityKey).user_id, [r.values.orders, r.eventTs, r.createdTs]]));
  const ordersOf = async (view: string, ids: string[]) =>
    Object.fromEntries((await readOnlineValues(store.db, view, ids.map(key))).map((r) => [JSON.parse(r.entityKey).user_id, r.values.orders]));

  it("keeps the latest values per key: by event time, then created time, an exact tie taking the new write", async () => {
    const view = "ordering";
    expect(await upsertOnlineValues(store.db, view, [
      row("u1", 1, "2024-01-10T12:00:00.000000Z", "2024-01-10T12:00:00.000000Z"),
      row("u2", 2, "2024-01-10T12:00:00.000001Z"),
    ])).toHaveLength(2);
    // Older event: ignored. Same event, older created: ignored. Same event, no created: ignored (null is earliest).
    expect(await upsertOnlineValues(store.db, view, [
      row("u1", 10, "2024-01-10T11:59:59.999999Z", "2024-01-11T00:00:00.000000Z"),
    ])).toEqual([]);
    expect(await upsertOnlineValues(store.db, view, [row("u1", 11, "2024-01-10T12:00:00.000000Z", "2024-01-10T11:00:00.000000Z")])).toEqual([]);
    expect(await upsertOnlineValues(store.db, view, [row("u1", 12, "2024-01-10T12:00:00.000000Z", null)])).toEqual([]);
    expect(await valuesOf(view, ["u1", "u2", "u3"])).toEqual({
      u1: [1, "2024-01-10T12:00:00.000000Z", "2024-01-10T12:00:00.000000Z"],
      u2: [2, "2024-01-10T12:00:00.000001Z", null],
    });
    // Same event, later created: replaces. Exact tie: the new write replaces. A created time beats none.
    await upsertOnlineValues(store.db, view, [row("u1", 13, "2024-01-10T12:00:00.000000Z", "2024-01-10T12:00:00.000001Z")]);
    await upsertOnlineValues(store.db, view, [row("u2", 14, "2024-01-10T12:00:00.000001Z")]);
    expect(await ordersOf(view, ["u1", "u2"])).toEqual({ u1: 13, u2: 14 });
    await upsertOnlineValues(store.db, view, [row("u2", 15, "2024-01-10T12:00:00.000001Z", "1970-01-01T00:00:00.000000Z")]);
    expect(await ordersOf(view, ["u2"])).toEqual({ u2: 15 });
    // Views are separate.
    expect(await valuesOf("other", ["u1"])).toEqual({});
  });

  it("takes one row per key from a batch with repeats, latest by the same rule", async () => {
    const view = "repeats";
    const stored = await upsertOnlineValues(store.db, view, [
      row("u1", 1, "2024-01-01T00:00:00.000000Z"),
      row("u1", 2, "2024-01-03T00:00:00.000000Z", null),
      row("u1", 3, "2024-01-03T00:00:00.000000Z", "2024-01-01T00:00:00.000000Z"),
      row("u1", 4, "2024-01-02T00:00:00.000000Z", "2025-01-01T00:00:00.000000Z"),
      row("u2", 5, "2024-01-01T00:00:00.000000Z"),
      row("u2", 6, "2024-01-01T00:00:00.000000Z"),
    ]);
    expect(stored.sort()).toEqual([key("u1"), key("u2")]);
    expect(await ordersOf(view, ["u1", "u2"])).toEqual({ u1: 3, u2: 6 });
  });

  it("stores a batch whole or not at all", async () => {
    const view = "atomic";
    const rows = Array.from({ length: 2500 }, (_, i) => row(`k${i}`, i, "2024-01-01T00:00:00.000000Z"));
    rows[2100] = { ...rows[2100]!, eventTs: "not a time" };
    await expect(upsertOnlineValues(store.db, view, rows)).rejects.toThrow();
    expect(await readOnlineValues(store.db, view, [key("k0"), key("k1999")])).toEqual([]);
    rows[2100] = row("k2100", 2100, "2024-01-01T00:00:00.000000Z");
    expect(await upsertOnlineValues(store.db, view, rows)).toHaveLength(2500);
    expect(await ordersOf(view, ["k0", "k2499"])).toEqual({ k0: 0, k2499: 2499 });
    expect(await deleteOnlineValues(store.db, view)).toBe(2500);
    expect(await readOnlineValues(store.db, view, [key("k0")])).toEqual([]);
  });

  it("numbers offline versions per view, concurrent writers included, and finds the latest or a given one", async () => {
    const write = (view: string, datasetId: string) => ({
      view, definition: { name: view }, datasetId, artifactId: "a".repeat(64), rowCount: 3, columns: [{ name: "x", type: "BIGINT" }],
    });
    expect(await findFeatureViewVersion(store.db, "stats")).toBeNull();
    expect((await insertFeatureViewVersion(store.db, write("stats", "ds_1"))).version).toBe(1);
    const raced = await Promise.all([2, 3, 4].map((n) => insertFeatureViewVersion(store.db, write("stats", `ds_${n}`))));
    expect(raced.map((r) => r.version).sort()).toEqual([2, 3, 4]);
    expect((await insertFeatureViewVersion(store.db, write("other", "ds_9"))).version).toBe(1);
    expect((await listFeatureViewVersions(store.db, "stats")).map((v) => v.version)).toEqual([1, 2, 3, 4]);
    const latest = await findFeatureViewVersion(store.db, "stats");
    expect(latest).toMatchObject({ version: 4, rowCount: 3, columns: [{ name: "x", type: "BIGINT" }], definition: { name: "stats" } });
    expect((await findFeatureViewVersion(store.db, "stats", 1))?.datasetId).toBe("ds_1");
    expect(await findFeatureViewVersion(store.db, "stats", 9)).toBeNull();
  });
});
