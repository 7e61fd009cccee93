import type { MetricPoint } from "@/protocol/experiments";

/**
 * Vega-Lite specs of the compare view, built from plain data so they can be
 * checked without a browser. Inline data only: the chart component refuses
 * anything that would load a URL.
 */

export type Spec = Record<string, unknown>;

const PALETTE = { scheme: "tableau10" };

export interface MetricSeries {
  /** The run's label in the legend (unique across the series). */
  run: string;
  points: readonly MetricPoint[];
}

/**
 * One metric of several runs, overlaid: step on x, value on y, a line per
 * run. Non-finite points cannot be drawn; how many were left out is returned.
 */
export function metricCurvesSpec(key: string, series: readonly MetricSeries[]): { spec: Spec; skipped: number } {
  let skipped = 0;
  const values: Array<{ run: string; step: number; value: number; order: number }> = [];
  for (const { run, points } of series) {
    points.forEach((p, order) => {
      if (typeof p.value === "number") values.push({ run, step: p.step, value: p.value, order });
      else skipped += 1;
    });
  }
  const spec: Spec = {
    width: 640,
    height: 280,
    data: { values },
    mark: { type: "line", point: true, tooltip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step", axis: { format: "d", tickMinStep: 1 } },
      y: { field: "value", type: "quantitative", title: key, scale: { zero: false } },
      color: { field: "run", type: "nominal", title: "run", scale: PALETTE, sort: series.map((s) => s.run) },
      order: { field: "order", type: "quantitative" },
    },
  };
  return { spec, skipped };
}

export interface Dimension {
  /** Shown under the axis, e.g. `lr` or `acc`. */
  label: string;
  /** One value per run (same order as the runs); null where the run has none. */
  values: ReadonlyArray<string | number | null>;
}

export interface Axis {
  label: string;
  kind: "numeric" | "categorical";
  /** Each run's position on the axis, 0 (bottom) to 1 (top); null where it has no value. */
  positions: Array<number | null>;
  /** The texts at the bottom and top of the axis. */
  bottom: string;
  top: string;
}

const numeric = (v: string | number): number | null => {
  const n = typeof v === "number" ? v : v.trim() === "" ? NaN : Number(v);
  return Number.isFinite(n) ? n : null;
};

/**
 * Places every run on each dimension's axis: numbers (params are text, so
 * "0.1" counts) scale min to max, anything else is a category in sorted
 * order; a single value sits in the middle.
 *
 * @example
 * scaleAxis({ label: "lr", values: ["0.1", "0.3", null] });
 * // { kind: "numeric", positions: [0, 1, null], bottom: "0.1", top: "0.3", label: "lr" }
 */
export function scaleAxis(dimension: Dimension): Axis {
  const present = dimension.values.filter((v): v is string | number => v !== null && !(typeof v === "number" && !Number.isFinite(v)));
  const numbers = present.map(numeric);
  if (numbers.every((n) => n !== null) && numbers.length > 0) {
    const min = Math.min(...(numbers as number[]));
    const max = Math.max(...(numbers as number[]));
    const positions = dimension.values.map((v) => {
      const n = v === null ? null : numeric(v);
      if (n === null) return null;
      return max === min ? 0.5 : (n - min) / (max - min);
    });
    return { label: dimension.label, kind: "numeric", positions, bottom: String(min), top: String(max) };
  }
  const categories = [...new Set(present.map(String))].sort();
  const positions = dimension.values.map((v) => {
    if (v === null) return null;
    const index = categories.indexOf(String(v));
    if (index < 0) return null;
    return categories.length === 1 ? 0.5 : index / (categories.length - 1);
  });
  return { label: dimension.label, kind: "categorical", positions, bottom: categories[0] ?? "", top: categories.at(-1) ?? "" };
}

/**
 * A parallel coordinates plot: one vertical axis per dimension (params and
 * metrics), one line per run across them, broken where a run has no value.
 */
export function parallelCoordinatesSpec(runs: readonly string[], dimensions: readonly Dimension[]): Spec {
  const axes = dimensions.map(scaleAxis);
  const order = axes.map((a) => a.label);
  const points = axes.flatMap((axis, d) =>
    runs.map((run, r) => ({ run, dim: axis.label, y: axis.positions[r], raw: dimensions[d]!.values[r] === null ? "—" : String(dimensions[d]!.values[r]) })),
  );
  const labels = axes.flatMap((a) => [
    { dim: a.label, y: 0, text: a.bottom },
    { dim: a.label, y: 1, text: a.top },
  ]);
  const x = { field: "dim", type: "nominal", sort: order, title: null, axis: { labelAngle: 0, orient: "bottom", domain: false, ticks: false } };
  const y = { field: "y", type: "quantitative", scale: { domain: [0, 1] }, axis: null };
  return {
    width: Math.max(320, 140 * axes.length),
    height: 300,
    layer: [
      { data: { values: axes.map((a) => ({ dim: a.label })) }, mark: { type: "rule", color: "#cfd4dc" }, encoding: { x, y: { datum: 0, type: "quantitative", scale: { domain: [0, 1] }, axis: null }, y2: { datum: 1 } } },
      {
        data: { values: points },
        mark: { type: "line", invalid: "break-paths-filter-domains", strokeWidth: 2 },
        encoding: { x, y, color: { field: "run", type: "nominal", title: "run", scale: PALETTE, sort: [...runs] }, detail: { field: "run" } },
      },
      {
        data: { values: points.filter((p) => p.y !== null) },
        mark: { type: "point", filled: true, size: 40 },
        encoding: {
          x,
          y,
          color: { field: "run", type: "nominal", scale: PALETTE, sort: [...runs], legend: null },
          tooltip: [
            { field: "run", type: "nominal" },
            { field: "dim", type: "nominal", title: "dimension" },
            { field: "raw", type: "nominal", title: "value" },
          ],
        },
      },
      { data: { values: labels }, mark: { type: "text", align: "left", dx: 5, fontSize: 11, color: "#5f6b7a" }, encoding: { x, y, text: { field: "text" } } },
    ],
  };
}
