import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom, testSeed } from "../../test/random";
import type { Dataset } from "../data/dataset";
import { openFixture, readAll, type DataFixture } from "../data/testing";
import { pointInTimeJoin } from "./pit-join";

let fx: DataFixture;
let entities: Dataset;
let stats: Dataset;
let profile: Dataset;

const STATS = { name: "stats", entities: ["user_id"], eventTimestamp: "ts", createdTimestamp: "created", features: ["orders"], ttlSeconds: 86_400 };
const PROFILE = { name: "profile", entities: ["user_id"], eventTimestamp: "ts", features: ["plan"] };

beforeAll(async () => {
  fx = await openFixture();
  entities = await fx.engine.materialize(`SELECT * FROM (VALUES
    ('r0', 'u1', TIMESTAMP '2024-01-10 12:00:00'),
    ('r1', 'u1', TIMESTAMP '2024-01-10 12:00:00'),
    ('r2', 'u2', TIMESTAMP '2024-01-10 00:00:00'),
    ('r3', 'u3', TIMESTAMP '2024-01-10 00:00:00'),
    ('r4', 'u1', TIMESTAMP '2024-01-01 00:00:00'),
    ('r5', NULL, TIMESTAMP '2024-01-10 00:00:00'),
    ('r6', 'u1', NULL),
    ('r7', 'u4', TIMESTAMP '2024-01-10 00:00:00')
  ) AS t(row_id, user_id, event_timestamp)`);
  stats = await fx.engine.materialize(`SELECT * FROM (VALUES
    ('u1', TIMESTAMP '2024-01-09 12:00:00',        TIMESTAMP '2024-01-09 12:00:00', 5),
    ('u1', TIMESTAMP '2024-01-10 12:00:00',        TIMESTAMP '2024-01-10 14:00:00', 8),
    ('u1', TIMESTAMP '2024-01-10 12:00:00',        TIMESTAMP '2024-01-10 13:00:00', 7),
    ('u1', TIMESTAMP '2024-01-10 12:00:00.000001', TIMESTAMP '2024-01-10 12:00:00', 99),
    ('u1', TIMESTAMP '2023-12-30 23:00:00',        TIMESTAMP '2023-12-30 23:00:00', 1),
    ('u2', TIMESTAMP '2024-01-08 23:59:59.999999', TIMESTAMP '2024-01-09 00:00:00', 3),
    ('u4', TIMESTAMP '2024-01-09 00:00:00',        NULL,                            40),
    ('u4', TIMESTAMP '2024-01-09 00:00:00',        TIMESTAMP '2024-01-09 00:00:00', 41),
    ('u4', NULL,                                   TIMESTAMP '2024-01-09 00:00:00', 666)
  ) AS t(user_id, ts, created, orders)`);
  profile = await fx.engine.materialize(`SELECT * FROM (VALUES
    ('u1', TIMESTAMP '2023-01-01 00:00:00', 'free'),
    ('u1', TIMESTAMP '2024-01-05 00:00:00', 'pro'),
    ('u1', TIMESTAMP '2024-01-05 00:00:00', 'team'),
    ('u2', TIMESTAMP '2025-01-01 00:00:00', 'free')
  ) AS t(user_id, ts, plan)`);
});
afterAll(() => fx.close());

const pick = (rows: Record<string, unknown>[], ...names: string[]) => rows.map((r) => names.map((n) => r[n]));

describe("pointInTimeJoin", () => {
  it("joins as of each entity row: TTL edges, ties by created time, no match kept with nulls, several views", async () => {
    const joined = await pointInTimeJoin(fx.engine, entities, [{ view: STATS, data: stats }, { view: PROFILE, data: profile }]);
    expect(joined.columns.map((c) => c.name)).toEqual(["row_id", "user_id", "event_timestamp", "orders", "plan"]);
    expect(pick(await readAll(fx.engine, joined), "row_id", "orders", "plan")).toEqual([
      // Event time equal to the entity time is inside; the tie at 12:00 goes to the later created (8, not 7);
      // 12:00:00.000001 is in the future of the entity row. No created time: the later row of the view wins ("team").
      ["r0", 8, "team"],
      // Duplicate entity rows are kept, each joined.
      ["r1", 8, "team"],
      // u2's only row is 1 µs older than entity_ts - ttl: outside. Its profile row is in the future.
      ["r2", null, null],
      ["r3", null, null],
      // 2023-12-30 23:00 is 25 h before 2024-01-01 00:00: outside the 1-day TTL; the profile has no TTL.
      ["r4", null, "free"],
      ["r5", null, null],
      ["r6", null, null],
      // Exactly at entity_ts - ttl is inside; a null created time loses the tie (41, not 40); a null event time never matches.
      ["r7", 41, null],
    ]);
  });

  it("takes the row at the TTL boundary and not the one a microsecond older", async () => {
    const edge = await fx.engine.materialize(`SELECT * FROM (VALUES
      ('u1', TIMESTAMP '2024-01-09 12:00:00', TIMESTAMP '2024-01-09 12:00:00', 5)) AS t(user_id, ts, created, orders)`);
    const first = await readAll(fx.engine, await pointInTimeJoin(fx.engine, entities, [{ view: STATS, data: edge }]));
    expect(pick(first, "row_id", "orders").slice(0, 2)).toEqual([["r0", 5], ["r1", 5]]);
    const shorter = { ...STATS, ttlSeconds: 86_399.999_999 };
    const second = await readAll(fx.engine, await pointInTimeJoin(fx.engine, entities, [{ view: shorter, data: edge }]));
    expect(pick(second, "row_id", "orders").slice(0, 2)).toEqual([["r0", null], ["r1", null]]);
  });

  it("compares instants across TIMESTAMPTZ, TIMESTAMP and DATE columns", async () => {
    const zoned = await fx.engine.materialize(`SELECT * FROM (VALUES
      ('u1', TIMESTAMPTZ '2024-01-10 13:00:00+02', 'at 11:00Z'),
      ('u1', TIMESTAMPTZ '2024-01-10 14:30:00+02', 'at 12:30Z'),
      ('u2', TIMESTAMPTZ '2024-01-09 23:30:00-01', 'at 00:30Z')) AS t(user_id, ts, note)`);
    const view = { name: "notes", entities: ["user_id"], eventTimestamp: "ts", features: ["note"] };
    const rows = await readAll(fx.engine, await pointInTimeJoin(fx.engine, entities, [{ view, data: zoned }]));
    expect(pick(rows, "row_id", "note").slice(0, 3)).toEqual([["r0", "at 11:00Z"], ["r1", "at 11:00Z"], ["r2", null]]);
    const byDate = await fx.engine.materialize(`SELECT row_id, user_id, CAST(event_timestamp AS DATE) + 1 AS day FROM ${entities.table}`);
    const dated = await readAll(fx.engine, await pointInTimeJoin(fx.engine, byDate, [{ view, data: zoned }], { entityTimestamp: "day" }));
    // 2024-01-11 00:00 UTC: both u1 notes are before it; u2's is too.
    expect(pick(dated, "row_id", "note").slice(0, 3)).toEqual([["r0", "at 12:30Z"], ["r1", "at 12:30Z"], ["r2", "at 00:30Z"]]);
  });

  it("names features per view on request and refuses clashing or ill-typed inputs", async () => {
    const again = { ...PROFILE, name: "profile2" };
    await expect(pointInTimeJoin(fx.engine, entities, [{ view: PROFILE, data: profile }, { view: again, data: profile }])).rejects.toThrow(
      "output columns repeat: plan (set fullFeatureNames: true)",
    );
    const full = await pointInTimeJoin(fx.engine, entities, [{ view: PROFILE, data: profile }, { view: again, data: profile }], { fullFeatureNames: true });
    expect(full.columns.map((c) => c.name).slice(3)).toEqual(["profile__plan", "profile2__plan"]);
    await expect(pointInTimeJoin(fx.engine, entities, [{ view: { ...PROFILE, eventTimestamp: "plan", features: ["ts"] }, data: profile }])).rejects.toThrow(
      '"profile": column "plan" is VARCHAR; it must be a date or timestamp',
    );
    await expect(pointInTimeJoin(fx.engine, entities, [{ view: { ...PROFILE, features: ["tier"] }, data: profile }])).rejects.toThrow(
      'feature view "profile": its data lacks column(s) tier',
    );
    await expect(pointInTimeJoin(fx.engine, entities, [{ view: { ...STATS, ttlSeconds: 0 }, data: stats }])).rejects.toMatchObject({ code: "invalid_definition" });
    const intKeys = await fx.engine.materialize(`SELECT 1 AS user_id, TIMESTAMP '2024-01-01' AS ts, 'x' AS plan`);
    await expect(pointInTimeJoin(fx.engine, entities, [{ view: PROFILE, data: intKeys }])).rejects.toThrow(
      'key "user_id" is VARCHAR in the entity rows but INTEGER in the view',
    );
    await expect(pointInTimeJoin(fx.engine, entities, [{ view: PROFILE, data: profile }], { entityTimestamp: "when" })).rejects.toThrow(/no time column "when"/);
  });

  it("agrees with a direct reading of the rules on random data", async () => {
    const seed = testSeed(77);
    const random = seededRandom(seed);
    const keys = ["a", "b", "c", "d"];
    const entityRows = Array.from({ length: 400 }, (_, i) => ({ i, k: random.chance(0.05) ? null : random.pick(keys), t: random.chance(0.03) ? null : random.int(0, 60) }));
    const viewRows = Array.from({ length: 300 }, (_, i) => ({ k: random.pick(keys), t: random.chance(0.03) ? null : random.int(0, 60), c: random.chance(0.1) ? null : random.int(0, 3), v: i }));
    const ts = (s: number | null) => (s === null ? "NULL::TIMESTAMP" : `TIMESTAMP '2024-01-01' + INTERVAL ${s} SECOND`);
    const str = (s: string | null) => (s === null ? "NULL::VARCHAR" : `'${s}'`);
    const ent = await fx.engine.materialize(`SELECT * FROM (VALUES ${entityRows.map((r) => `(${r.i}, ${str(r.k)}, ${ts(r.t)})`).join(", ")}) AS t(i, k, event_timestamp)`);
    const data = await fx.engine.materialize(`SELECT * FROM (VALUES ${viewRows.map((r) => `(${str(r.k)}, ${ts(r.t)}, ${ts(r.c)}, ${r.v})`).join(", ")}) AS t(k, ts, created, v)`);
    const ttl = 7;
    const view = { name: "random", entities: ["k"], eventTimestamp: "ts", createdTimestamp: "created", features: ["v"], ttlSeconds: ttl };
    const rows = await readAll(fx.engine, await pointInTimeJoin(fx.engine, ent, [{ view, data }]));

    // The rules read directly: candidates inside [t - ttl, t], latest event, then latest created (null lowest), then the later row.
    const expected = entityRows.map((e) => {
      const candidates = viewRows
        .map((r, position) => ({ ...r, position }))
        .filter((r) => e.k !== null && e.t !== null && r.k === e.k && r.t !== null && r.t <= e.t && r.t >= e.t - ttl);
      candidates.sort((x, y) => y.t! - x.t! || (y.c ?? -Infinity) - (x.c ?? -Infinity) || y.position - x.position);
      return [e.i, candidates[0]?.v ?? null];
    });
    expect(pick(rows, "i", "v")).toEqual(expected);
    expect(expected.filter(([, v]) => v !== null).length).toBeGreaterThan(100);
  });
});
