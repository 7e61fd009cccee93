"use client";

import { useEffect, useMemo, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { ChartOutput } from "@/app/_components/outputs/ChartOutput";
import { api, errorMessage } from "@/app/_lib/api";
import type { MetricPoint, RunDetail } from "@/protocol/experiments";
import { metricCurvesSpec, type MetricSeries } from "../_lib/charts";

/** One metric's history for every compared run that logged it, overlaid in one chart. */
export function MetricCurves({ runs, labels }: { runs: readonly RunDetail[]; labels: readonly string[] }) {
  const metricKeys = useMemo(() => [...new Set(runs.flatMap((r) => r.metrics.map((m) => m.key)))].sort(), [runs]);
  const [key, setKey] = useState<string>("");
  const [series, setSeries] = useState<MetricSeries[] | null>(null);
  const [error, setError] = useState("");
  const current = key || metricKeys[0] || "";

  useEffect(() => {
    if (!current) return;
    let live = true;
    setSeries(null);
    const logged = runs.map((run, i) => ({ run, label: labels[i]! })).filter(({ run }) => run.metrics.some((m) => m.key === current));
    Promise.all(
      logged.map(async ({ run, label }) => {
        const body = await api<{ points: MetricPoint[] }>("GET", `/api/experiments/runs/${run.id}/metrics?key=${encodeURIComponent(current)}`);
        return { run: label, points: body.points };
      }),
    )
      .then((loaded) => {
        if (live) setSeries(loaded);
      })
      .catch((e: unknown) => {
        if (live) setError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [current, runs, labels]);

  const chart = useMemo(() => (series ? metricCurvesSpec(current, series) : null), [series, current]);

  return (
    <div className="panel" data-testid="metric-curves">
      <div className="panel-heading">
        <h2>Metric history</h2>
        {metricKeys.length > 0 && (
          <label className="field-inline small">
            Metric
            <select aria-label="Metric" value={current} onChange={(e) => setKey(e.target.value)}>
              {metricKeys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <Alert>{error}</Alert>
      {metricKeys.length === 0 ? (
        <p className="muted">None of these runs logged metrics.</p>
      ) : chart === null ? (
        !error && <p className="muted">Loading…</p>
      ) : (
        <>
          <ChartOutput spec={chart.spec} />
          {chart.skipped > 0 && (
            <p className="muted small">
              {chart.skipped} {chart.skipped === 1 ? "point is" : "points are"} NaN or infinite and not drawn.
            </p>
          )}
        </>
      )}
    </div>
  );
}
