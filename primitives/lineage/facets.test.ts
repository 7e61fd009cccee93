import { describe, expect, it } from "vitest";
import { buildDatasetHistory, v2Profile, v2Rows, v2Sample } from "./dataset-fixture";
import { parseLineageEvent } from "./event";
import { profileFacetSchema, readProfileFacet, readSampleFacet, sampleFacetSchema, SAMPLE_MAX_ROWS } from "./facets";

describe("tracebook_profile", () => {
  it("parses the data engine's shape and fills what a writer left out with null", () => {
    const profile = profileFacetSchema.parse(v2Profile);
    expect(profile.columns.map((c) => c.name)).toEqual(["id", "name", "email"]);
    expect(profile.columns[0]).toMatchObject({ mean: 2.5, quantiles: { p25: 1.75, p50: 2.5, p75: 3.25 }, histogram: { kind: "bins" } });
    expect(profile.columns[1]!.histogram).toEqual({ kind: "values", values: [{ value: "Ada", count: 2 }, { value: "Grace", count: 1 }, { value: "Linus", count: 1 }], otherCount: 0 });
    expect(profile.columns[2]).toMatchObject({ distinct: 3, mean: null, std: null, quantiles: null, histogram: null });
  });

  it("refuses a histogram that counts more values than the column has, naming the column", () => {
    const bad = structuredClone(v2Profile);
    bad.columns[0]!.histogram = { kind: "bins", bins: [{ start: 1, end: 4, count: 5 }] };
    const result = profileFacetSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ["columns", 0, "histogram"], message: expect.stringMatching(/counts 5 values but the column has 4/) });
    const others = structuredClone(v2Profile);
    others.columns[1]!.histogram = { kind: "values", values: [{ value: "Ada", count: 2 }], otherCount: 3 };
    expect(profileFacetSchema.safeParse(others).success).toBe(false);
  });

  it("refuses negative or fractional counts and unnamed percentiles", () => {
    for (const change of [{ count: -1 }, { nulls: 0.5 }, { quantiles: { median: 2 } }, { name: "" }]) {
      const bad = { columns: [{ ...v2Profile.columns[0]!, ...change }] };
      expect(profileFacetSchema.safeParse(bad).success, JSON.stringify(change)).toBe(false);
    }
  });
});

describe("tracebook_sample", () => {
  it("takes at most 20 rows, each as wide as the columns", () => {
    expect(sampleFacetSchema.parse(v2Sample).rows).toEqual(v2Rows);
    const rows = Array.from({ length: SAMPLE_MAX_ROWS + 1 }, (_, i) => [i]);
    expect(sampleFacetSchema.safeParse({ columns: ["i"], rows, truncated: true }).error?.issues[0]?.message).toMatch(/at most 20 rows/);
    const ragged = sampleFacetSchema.safeParse({ columns: ["a", "b"], rows: [[1, 2], [3]], truncated: false });
    expect(ragged.error?.issues[0]).toMatchObject({ path: ["rows", 1], message: "row 1 has 1 values for 2 columns" });
  });
});

describe("reading facets from a stored version", () => {
  it("tells a missing facet from an unreadable one", () => {
    expect(readProfileFacet({})).toEqual({ state: "absent" });
    expect(readProfileFacet(null)).toEqual({ state: "absent" });
    expect(readSampleFacet({ tracebook_sample: null })).toEqual({ state: "absent" });
    expect(readSampleFacet({ tracebook_sample: { columns: ["a"], rows: [] } })).toEqual({ state: "invalid", message: expect.stringMatching(/^truncated: /) });
    const read = readProfileFacet({ tracebook_profile: v2Profile, other: 1 });
    expect(read.state === "ok" && read.value.columns[1]!.distinct).toBe(3);
  });

  it("are checked when a lineage event is recorded, so the store never keeps a malformed one", () => {
    const event = buildDatasetHistory().events[3]!;
    const output = event.outputs![0]!;
    expect(() => parseLineageEvent({ ...event, outputs: [{ ...output, facets: { tracebook_sample: { columns: ["a"], rows: [[1, 2]], truncated: false } } }] })).toThrow(
      /row 0 has 2 values for 1 columns/,
    );
    const parsed = parseLineageEvent(event);
    expect(parsed.outputs[0]!.facets.tracebook_profile?.columns[2]?.histogram).toBeNull();
  });
});
