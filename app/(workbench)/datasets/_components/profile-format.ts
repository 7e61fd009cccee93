import type { ProfileColumn, ProfileHistogram } from "@/primitives/lineage/facets";

const integers = new Intl.NumberFormat("en-US");
const decimals = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });

/**
 * A statistic as the profile table shows it: whole numbers in full, others to
 * four significant digits, text as it is, a dash when not computed.
 *
 * @example
 * formatStat(Math.sqrt(5 / 3)) // "1.291"
 */
export function formatStat(value: number | string | boolean | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return Number.isInteger(value) ? integers.format(value) : decimals.format(value);
  return String(value);
}

/** Percentiles in order: "p25 1.75 · p50 2.5 · p75 3.25" (wraps between entries). */
export function formatQuantiles(quantiles: ProfileColumn["quantiles"]): string {
  if (!quantiles) return "—";
  return Object.entries(quantiles)
    .sort(([a], [b]) => Number(a.slice(1)) - Number(b.slice(1)))
    .map(([name, value]) => `${name} ${formatStat(value)}`)
    .join(" · ");
}

/**
 * A small Vega-Lite bar chart of a profile histogram, inline data only: bins
 * on a continuous axis (time when the edges are ISO strings), top values as
 * bars in their order with the rest as "(other)".
 *
 * @example
 * miniHistogramSpec({ kind: "bins", bins: [{ start: 0, end: 1, count: 3 }] }, "amount")
 */
export function miniHistogramSpec(histogram: ProfileHistogram, column: string): Record<string, unknown> {
  const frame = {
    width: 140,
    height: 36,
    padding: 2,
    config: { view: { stroke: null }, axis: { labels: false, ticks: false, title: null, domain: false, grid: false } },
    description: `Histogram of ${column}`,
  };
  if (histogram.kind === "values") {
    const values = histogram.values.map((v) => ({ value: v.value === null ? "null" : String(v.value), count: v.count }));
    if (histogram.otherCount > 0) values.push({ value: "(other)", count: histogram.otherCount });
    return {
      ...frame,
      data: { values },
      mark: { type: "bar", tooltip: true },
      encoding: {
        x: { field: "value", type: "nominal", sort: null, axis: null },
        y: { field: "count", type: "quantitative", axis: null },
      },
    };
  }
  const temporal = histogram.bins.some((b) => typeof b.start === "string");
  return {
    ...frame,
    data: { values: histogram.bins },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "start", type: temporal ? "temporal" : "quantitative", bin: { binned: true }, axis: null },
      x2: { field: "end" },
      y: { field: "count", type: "quantitative", axis: null },
    },
  };
}
