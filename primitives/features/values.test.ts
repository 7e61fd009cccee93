import { describe, expect, it } from "vitest";
import { parseFeatureDefinition } from "./definition";
import { parseTimestamp, readValue } from "./values";

describe("parseTimestamp", () => {
  it("reads ISO dates and date-times, no zone meaning UTC, cutting digits past the millisecond", () => {
    expect(parseTimestamp("2024-03-05")).toBe(Date.UTC(2024, 2, 5));
    expect(parseTimestamp("2024-03-05 10:00:00")).toBe(Date.UTC(2024, 2, 5, 10));
    expect(parseTimestamp("2024-03-05T10:00:00.123987Z")).toBe(Date.UTC(2024, 2, 5, 10, 0, 0, 123));
    expect(parseTimestamp("2024-03-05T10:00:00+02:00")).toBe(Date.UTC(2024, 2, 5, 8));
    expect(parseTimestamp("2024-03-05 10:00:00-0330")).toBe(Date.UTC(2024, 2, 5, 13, 30));
    expect(parseTimestamp("2024-03-05 10:00:00+00")).toBe(Date.UTC(2024, 2, 5, 10));
    // Before 1970 the cut still goes back in time: .9999 is .999, never the next second.
    expect(parseTimestamp("1950-01-01 10:00:21.9999")).toBe(Date.UTC(1950, 0, 1, 10, 0, 21, 999));
    // Years below 100 are not moved into the 1900s.
    expect(new Date(parseTimestamp("0050-06-01")).getUTCFullYear()).toBe(50);
  });

  it("refuses what is not a valid date", () => {
    for (const bad of ["2024-02-30", "2024-13-01", "2024-01-01 24:00:00", "yesterday", "2024-1-1", "1709632800000"]) expect(parseTimestamp(bad)).toBeNaN();
  });
});

describe("readValue", () => {
  it("reads each kind and names the field when the type is wrong", () => {
    expect(readValue(3, "integer", "n")).toBe(3);
    expect(readValue(3n, "integer", "n")).toBe(3);
    expect(readValue(Number.NaN, "float", "x")).toBeNull();
    expect(readValue(null, "string", "s")).toBeNull();
    expect(readValue(new Date(Date.UTC(2024, 0, 1)), "timestamp", "t")).toBe(Date.UTC(2024, 0, 1));
    expect(() => readValue(2.5, "integer", "n")).toThrow('field "n" must be an integer, got 2.5');
    expect(() => readValue("3", "float", "x")).toThrow('field "x" must be a number, got the text "3"');
    expect(() => readValue(1, "boolean", "b")).toThrow('field "b" must be a boolean, got 1');
    expect(() => readValue("soon", "date", "d")).toThrow('field "d" must be a Date or an ISO date/time text, got the text "soon"');
  });
});

describe("parseFeatureDefinition", () => {
  it("fills defaults and names the transform and field of each problem", () => {
    const def = parseFeatureDefinition({ name: "d", transforms: [{ type: "oneHot", name: "c", input: "c" }] });
    expect(def).toEqual({ name: "d", passthrough: [], transforms: [{ type: "oneHot", name: "c", input: "c", maxCategories: 100, minCount: 1, emit: true }] });
    expect(() => parseFeatureDefinition({ name: "d", transforms: [{ type: "hash", name: "h", input: "c", buckets: 1 }] })).toThrow(
      'transforms[0] (hash "h").buckets: Too small: expected number to be >=2',
    );
    expect(() => parseFeatureDefinition({ name: "d", transforms: [{ type: "scale", name: "s", input: "c" }] })).toThrow(
      `transforms[0] (scale "s").type: Invalid discriminator value. Expected 'impute' | 'standardize' | 'minMax'`,
    );
    expect(() => parseFeatureDefinition({ name: "d", transforms: [{ type: "bucketize", name: "b", input: "c" }] })).toThrow(
      'transforms[0] (bucketize "b"): give exactly one of boundaries or quantiles',
    );
    expect(() => parseFeatureDefinition({ name: "d", transforms: [{ type: "log", name: "a", input: "x" }, { type: "log", name: "a", input: "y" }] })).toThrow(
      "transform names must be unique; repeated: a",
    );
    expect(() => parseFeatureDefinition({ name: "d", transforms: [{ type: "impute", name: "i", input: "x", strategy: "mean", value: 1 }] })).toThrow(
      'value is only for strategy "constant", not "mean"',
    );
    expect(() => parseFeatureDefinition({ name: "d", transforms: [] })).toThrow("transforms: Too small");
  });
});
