"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { api, errorMessage } from "@/app/_lib/api";
import type { RunDetail } from "@/protocol/experiments";
import { formatMetric } from "../_lib/columns";
import { diffParams } from "../_lib/param-diff";
import { MetricCurves } from "./MetricCurves";
import { ParallelCoordinates } from "./ParallelCoordinates";
import { ParamDiffTable } from "./ParamDiffTable";
import { StatusBadge } from "./StatusBadge";

/** Names in the legend must be unique: a repeated run name gets its id's first characters. */
function runLabels(runs: readonly RunDetail[]): string[] {
  return runs.map((r) => (runs.filter((o) => o.name === r.name).length > 1 ? `${r.name} (${r.id.slice(0, 8)})` : r.name));
}

/** Selected runs side by side: status, param diff, latest metrics, overlaid metric curves and parallel coordinates. */
export function CompareView({ experimentId, runIds }: { experimentId: string; runIds: readonly string[] }) {
  const [runs, setRuns] = useState<RunDetail[] | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    if (runIds.length < 2) return;
    Promise.all(runIds.map((id) => api<{ run: RunDetail }>("GET", `/api/experiments/runs/${encodeURIComponent(id)}`).then((b) => b.run)))
      .then(setRuns)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [runIds]);

  const labels = useMemo(() => (runs ? runLabels(runs) : []), [runs]);
  const params = useMemo(() => (runs ? diffParams(runs.map((r) => r.params)) : []), [runs]);
  const metricKeys = useMemo(() => (runs ? [...new Set(runs.flatMap((r) => r.metrics.map((m) => m.key)))].sort() : []), [runs]);

  return (
    <section className="page page-wide">
      <header className="page-header">
        <div>
          <p className="breadcrumb">
            <Link href="/experiments">Experiments</Link> / <Link href={`/experiments/${experimentId}`}>{runs?.[0]?.experimentName ?? "Experiment"}</Link>
          </p>
          <h1>Compare runs</h1>
        </div>
      </header>
      {runIds.length < 2 && <Alert>Select two or more runs in the runs table to compare them.</Alert>}
      <Alert>{error}</Alert>
      {runs && (
        <>
          <div className="panel">
            <h2>Runs</h2>
            <table className="table table-compact table-keys" data-testid="compare-runs">
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Status</th>
                  {metricKeys.map((k) => (
                    <th key={k} scope="col">
                      {k}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {runs.map((run, i) => (
                  <tr key={run.id} data-testid="compare-run" data-run-name={run.name}>
                    <td>
                      <Link href={`/experiments/runs/${run.id}`} className="cell-title">
                        {labels[i]}
                      </Link>
                    </td>
                    <td>
                      <StatusBadge status={run.status} />
                    </td>
                    {metricKeys.map((k) => {
                      const m = run.metrics.find((x) => x.key === k);
                      return <td key={k}>{m ? formatMetric(m.value) : <span className="muted">—</span>}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ParamDiffTable labels={labels} rows={params} />
          <MetricCurves runs={runs} labels={labels} />
          <ParallelCoordinates runs={runs} labels={labels} params={params} />
        </>
      )}
    </section>
  );
}
