import { describe, expect, it } from "vitest";
import { canonicalTimestamp, decodeOnlineValue, encodeOnlineValue, entityKeyOf } from "./online-codec";

describe("online codec", () => {
  it("keeps NaN, ±Infinity and -0 through JSON, nested ones too", () => {
    const values = { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: Number.NEGATIVE_INFINITY, d: -0, e: 0, f: 0.1, g: [1, Number.NaN], h: { i: -0 }, j: null, k: "NaN" };
    const wire = JSON.parse(JSON.stringify(encodeOnlineValue(values, "values")));
    expect(wire).toEqual({ a: { $float: "NaN" }, b: { $float: "Infinity" }, c: { $float: "-Infinity" }, d: { $float: "-0" }, e: 0, f: 0.1, g: [1, { $float: "NaN" }], h: { i: { $float: "-0" } }, j: null, k: "NaN" });
    const back = decodeOnlineValue(wire) as typeof values;
    expect(back).toEqual(values);
    expect(Object.is(back.d, -0) && Object.is(back.h.i, -0) && Object.is(back.e, 0)).toBe(true);
  });

  it("refuses what JSON cannot carry and the reserved tag", () => {
    expect(() => encodeOnlineValue(10n, "n")).toThrow('feature "n" holds a bigint');
    expect(() => encodeOnlineValue({ $float: "x" }, "v")).toThrow('feature "v": the key $float is reserved');
    expect(encodeOnlineValue(new Date(Date.UTC(2024, 0, 1)), "t")).toBe("2024-01-01T00:00:00.000Z");
  });

  it("keys entities by canonical JSON, whatever the field order", () => {
    expect(entityKeyOf({ user_id: "u1", region: 3 })).toBe('{"region":3,"user_id":"u1"}');
    expect(entityKeyOf({ region: 3, user_id: "u1" })).toBe(entityKeyOf({ user_id: "u1", region: 3 }));
    expect(() => entityKeyOf({ id: Number.POSITIVE_INFINITY })).toThrow('entity key "id" must be a string, a finite number or a boolean');
  });

  it("writes timestamps as fixed-width UTC text with microseconds", () => {
    expect(canonicalTimestamp("2024-01-10 14:00:00.5+02:00")).toBe("2024-01-10T12:00:00.500000Z");
    expect(canonicalTimestamp("2024-01-10T12:00:00.000001Z")).toBe("2024-01-10T12:00:00.000001Z");
    expect(canonicalTimestamp("2024-01-10")).toBe("2024-01-10T00:00:00.000000Z");
    expect(canonicalTimestamp("1969-12-31 23:59:59.999999")).toBe("1969-12-31T23:59:59.999999Z");
    expect(() => canonicalTimestamp("12/01/2024", "eventTs")).toThrow('eventTs must be an ISO date-time between years 1 and 9999, got "12/01/2024"');
  });
});
