import { describe, expect, it } from "vitest";
import { v2Profile } from "@/primitives/lineage/dataset-fixture";
import { profileFacetSchema } from "@/primitives/lineage/facets";
import { formatQuantiles, formatStat, miniHistogramSpec } from "./profile-format";

const [id, name] = profileFacetSchema.parse(v2Profile).columns;

describe("profile formatting", () => {
  it("shows whole numbers in full, others to four significant digits, missing ones as a dash", () => {
    expect([formatStat(1234567), formatStat(Math.sqrt(5 / 3)), formatStat(2.5), formatStat(0.000123456), formatStat(null), formatStat("Ada"), formatStat(false)]).toEqual([
      "1,234,567",
      "1.291",
      "2.5",
      "0.0001235",
      "—",
      "Ada",
      "false",
    ]);
    expect(formatQuantiles({ p75: 3.25, p5: 1, p50: 2.5 })).toBe("p5 1 · p50 2.5 · p75 3.25");
    expect(formatQuantiles(null)).toBe("—");
  });

  it("draws bins on a continuous axis and top values as ordered bars with the rest", () => {
    const bins = miniHistogramSpec(id!.histogram!, "id");
    expect(bins).toMatchObject({
      data: { values: [{ start: 1, end: 2.5, count: 2 }, { start: 2.5, end: 4, count: 2 }] },
      encoding: { x: { field: "start", type: "quantitative", bin: { binned: true } }, x2: { field: "end" } },
    });
    const top = name!.histogram;
    if (top?.kind !== "values") throw new Error("the fixture's name column has top values");
    const values = miniHistogramSpec({ ...top, otherCount: 5 }, "name");
    expect((values.data as { values: unknown[] }).values).toEqual([
      { value: "Ada", count: 2 },
      { value: "Grace", count: 1 },
      { value: "Linus", count: 1 },
      { value: "(other)", count: 5 },
    ]);
    expect(miniHistogramSpec({ kind: "bins", bins: [{ start: "2026-01-01T00:00:00Z", end: "2026-02-01T00:00:00Z", count: 1 }] }, "day")).toMatchObject({
      encoding: { x: { type: "temporal" } },
    });
  });
});
