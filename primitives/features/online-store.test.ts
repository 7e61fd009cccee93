import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../db/client";
import { testStores, useTestStore } from "../../test/stores";
import type { Dataset } from "../data/dataset";
import { openFixture, readAll, type DataFixture } from "../data/testing";
import { fitFeatureSet } from "./fit";
import { materializeView } from "./materialize";
import { getOnlineFeatures } from "./online-client";
import { createOnlineStore, type OnlineStoreApi } from "./online-store";
import { pointInTimeJoin } from "./pit-join";
import { transformDataset, transformRecord } from "./transform";

const VIEW = { name: "user_stats", entities: ["user_id"], eventTimestamp: "ts", createdTimestamp: "created", features: ["orders", "tag", "seen"] };

let fx: DataFixture;
let stats: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  stats = await fx.engine.materialize(`SELECT * FROM (VALUES
    ('u1', TIMESTAMP '2024-01-09 12:00:00',        TIMESTAMP '2024-01-09 12:00:00', 5.5::DOUBLE,     'old', TIMESTAMP '2024-01-01 00:00:00.000001'),
    ('u1', TIMESTAMP '2024-01-10 12:00:00',        TIMESTAMP '2024-01-10 14:00:00', 'NaN'::DOUBLE,   'new', TIMESTAMP '2024-01-02 00:00:00'),
    ('u1', TIMESTAMP '2024-01-10 12:00:00',        TIMESTAMP '2024-01-10 13:00:00', 7.0::DOUBLE,     'tie', NULL),
    ('u2', TIMESTAMP '2024-01-08 00:00:00.000001', NULL,                            '-0.0'::DOUBLE,  NULL,  NULL),
    ('u3', TIMESTAMP '2024-01-11 00:00:00',        NULL,                            'Infinity'::DOUBLE, 'x', NULL),
    (NULL, TIMESTAMP '2024-01-11 00:00:00',        NULL,                            1.0::DOUBLE,     'nokey', NULL)
  ) AS t(user_id, ts, created, orders, tag, seen)`);
});
afterAll(() => fx.close());

describe.each(testStores())("online store on $name", ({ open }) => {
  let store: Store;
  let online: OnlineStoreApi;
  useTestStore(open, (opened) => (store = opened));
  beforeAll(async () => {
    online = createOnlineStore(store.db);
  });

  it("materializes the latest row per entity and serves it back with every float intact", async () => {
    const report = await materializeView(fx.engine, online, VIEW, stats, { batchSize: 2 });
    expect(report).toEqual({ view: "user_stats", entities: 3, stored: 3, writes: 2, nullKeyRows: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const [u1, u2, u3, u4] = await getOnlineFeatures(online, "user_stats", [{ user_id: "u1" }, { user_id: "u2" }, { user_id: "u3" }, { user_id: "u4" }]);
    // The 12:00 tie goes to the later created row (NaN, "new").
    expect(u1).toEqual({ key: { user_id: "u1" }, values: { orders: Number.NaN, tag: "new", seen: "2024-01-02T00:00:00.000Z" }, eventTs: "2024-01-10T12:00:00.000000Z", createdTs: "2024-01-10T14:00:00.000000Z" });
    expect(Object.is(u2!.values.orders, -0)).toBe(true);
    expect(u2!.eventTs).toBe("2024-01-08T00:00:00.000001Z");
    expect(u3!.values.orders).toBe(Number.POSITIVE_INFINITY);
    expect(u4).toBeNull();
  });

  it("never lets older data replace newer values, and reads a subset of features", async () => {
    const report = await materializeView(fx.engine, online, VIEW, stats, { end: "2024-01-09T12:00:00Z" });
    // u1's 01-09 row is older than the stored one; u2's is the same row again (an exact tie rewrites it).
    expect(report).toMatchObject({ entities: 2, stored: 1 });
    const [u1] = await getOnlineFeatures(online, "user_stats", [{ user_id: "u1" }], { features: ["tag", "missing"] });
    expect(u1!.values).toEqual({ tag: "new", missing: null });
    const window = await materializeView(fx.engine, online, VIEW, stats, { start: "2024-01-10T12:00:00.000001Z" });
    expect(window).toMatchObject({ entities: 1, stored: 1 });
  });

  it("refuses malformed requests with the field at fault", async () => {
    await expect(online.write({ view: "bad view", rows: [] })).rejects.toMatchObject({ code: "invalid_argument", message: expect.stringContaining("view:") });
    await expect(online.write({ view: "v", rows: [{ key: { id: 1 }, values: {}, eventTs: "yesterday", createdTs: null }] })).rejects.toThrow(
      'rows[0].eventTs must be an ISO date-time between years 1 and 9999, got "yesterday"',
    );
    await expect(online.read({ view: "v", keys: [] })).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(online.read({ view: "v", keys: [{ id: Number.NaN }] })).rejects.toThrow("keys.0.id: key values must be a string (up to 4096 characters), a finite number or a boolean");
    await expect(materializeView(fx.engine, online, { ...VIEW, features: ["nope"] }, stats)).rejects.toThrow("its data lacks column(s) nope");
    expect(await online.clear({ view: "user_stats" })).toEqual({ removed: 3 });
  });

  it("serves features that transform to the same bits as the offline training rows", async () => {
    await materializeView(fx.engine, online, VIEW, stats);
    const fs = await fitFeatureSet(fx.engine, {
      name: "serving",
      passthrough: ["user_id"],
      transforms: [
        { type: "impute", name: "orders_f", input: "orders", strategy: "mean" },
        { type: "standardize", name: "orders_z", input: "orders_f" },
        { type: "log", name: "orders_log", input: "orders", offset: 1 },
        { type: "oneHot", name: "tag", input: "tag" },
        { type: "dateParts", name: "seen", input: "seen", parts: ["day", "hour"] },
      ],
    }, await fx.engine.materialize(`SELECT * FROM ${stats.table} WHERE orders < 100 OR isnan(orders)`));
    // Offline: a point-in-time join as of "now" gives each entity's latest row, then the batch transform.
    const entities = await fx.engine.materialize("SELECT * FROM (VALUES ('u1', TIMESTAMP '2030-01-01'), ('u2', TIMESTAMP '2030-01-01'), ('u3', TIMESTAMP '2030-01-01')) AS t(user_id, event_timestamp)");
    const training = await transformDataset(fx.engine, fs, await pointInTimeJoin(fx.engine, entities, [{ view: VIEW, data: stats }]));
    const offline = await readAll(fx.engine, training);
    // Online: the served values, one request at a time.
    const served = await getOnlineFeatures(online, "user_stats", [{ user_id: "u1" }, { user_id: "u2" }, { user_id: "u3" }]);
    const onlineRows = served.map((row) => transformRecord(fs, { ...row!.key, ...row!.values }));
    expect(onlineRows).toHaveLength(3);
    onlineRows.forEach((row, i) => {
      for (const [name, value] of Object.entries(offline[i]!)) expect(Object.is(row[name], value), `${name} of row ${i}: ${String(row[name])} vs ${String(value)}`).toBe(true);
    });
    expect(Object.is(offline[1]!.orders_z, offline[1]!.orders_z) && typeof offline[1]!.orders_z).toBe("number");
  });
});
