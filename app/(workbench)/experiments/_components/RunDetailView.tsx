"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { formatBytes } from "@/app/_components/outputs/units";
import { api, errorMessage } from "@/app/_lib/api";
import { formatDate } from "@/app/_lib/format";
import type { KeyValue, RunDetail } from "@/protocol/experiments";
import { lineagePath, nodePageHref } from "../../lineage/_components/lineage-query";
import { formatMetric } from "../_lib/columns";
import { MetricCurves } from "./MetricCurves";
import { StatusBadge } from "./StatusBadge";

/** One run: its attributes, params, latest metrics with their history, tags, inputs, artifacts and child runs. */
export function RunDetailView({ runId }: { runId: string }) {
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    api<{ run: RunDetail }>("GET", `/api/experiments/runs/${encodeURIComponent(runId)}`)
      .then((b) => setRun(b.run))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [runId]);

  const runs = useMemo(() => (run ? [run] : []), [run]);
  const labels = useMemo(() => (run ? [run.name] : []), [run]);

  if (!run) return <section className="page">{error ? <Alert>{error}</Alert> : <p className="muted">Loading…</p>}</section>;

  return (
    <section className="page page-wide">
      <header className="page-header">
        <div>
          <p className="breadcrumb">
            <Link href="/experiments">Experiments</Link> / <Link href={`/experiments/${run.experimentId}`}>{run.experimentName}</Link>
          </p>
          <h1>
            {run.name} <StatusBadge status={run.status} />
          </h1>
          <p className="muted">
            Started {formatDate(run.startTime)}
            {run.endTime && <> · ended {formatDate(run.endTime)}</>}
            {run.notebookId && (
              <>
                {" "}
                · from <Link href={`/notebooks/${run.notebookId}`}>its notebook</Link>
              </>
            )}
            {run.lineageRunId && (
              <>
                {" "}
                · started by <Link href={lineagePath({ kind: "run", id: run.lineageRunId, direction: "both" })}>a cell call{run.cellId ? ` (cell ${run.cellId})` : ""}</Link>
              </>
            )}
            {run.parentRunId && (
              <>
                {" "}
                · child of <Link href={`/experiments/runs/${run.parentRunId}`}>its parent run</Link>
              </>
            )}{" "}
            · <Link href={lineagePath({ kind: "experiment_run", id: run.id, direction: "both" })} data-testid="run-lineage-link">its lineage</Link>
          </p>
        </div>
      </header>
      <Alert>{error}</Alert>
      <div className="grid-2">
        <KeyValuePanel title="Params" rows={run.params} testId="run-params" />
        <div className="panel" data-testid="run-metrics">
          <h2>Metrics (latest)</h2>
          {run.metrics.length === 0 ? (
            <p className="muted">No metrics logged.</p>
          ) : (
            <table className="table table-compact table-keys">
              <tbody>
                {run.metrics.map((m) => (
                  <tr key={m.key}>
                    <th scope="row">{m.key}</th>
                    <td title={String(m.value)}>{formatMetric(m.value)}</td>
                    <td className="muted small">step {m.step}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      {run.metrics.length > 0 && <MetricCurves runs={runs} labels={labels} />}
      <div className="grid-2">
        <KeyValuePanel title="Tags" rows={run.tags} testId="run-tags" />
        <div className="panel" data-testid="run-inputs">
          <h2>Inputs</h2>
          {run.inputs.length === 0 ? (
            <p className="muted">No datasets logged.</p>
          ) : (
            <table className="table table-compact table-keys">
              <tbody>
                {run.inputs.map((input) => (
                  <tr key={`${input.lineageNodeId}-${input.context}`}>
                    <th scope="row">
                      <Link href={nodePageHref({ kind: "dataset_version", id: input.lineageNodeId, notebookId: null })?.href ?? lineagePath({ kind: "dataset_version", id: input.lineageNodeId })}>
                        {input.namespace}/{input.name}
                      </Link>
                    </th>
                    <td className="mono small" title={input.digest}>
                      {input.digest.slice(0, 12)}
                    </td>
                    <td>
                      <span className="badge">{input.context}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      <div className="panel" data-testid="run-artifacts">
        <h2>Artifacts</h2>
        {run.artifacts.length === 0 ? (
          <p className="muted">No artifacts logged.</p>
        ) : (
          <table className="table table-compact table-keys">
            <tbody>
              {run.artifacts.map((a) => (
                <tr key={a.path}>
                  <th scope="row">
                    <a href={`/api/experiments/runs/${run.id}/artifacts?path=${encodeURIComponent(a.path)}`} download>
                      {a.path}
                    </a>
                  </th>
                  <td>
                    <span className="badge">{a.kind}</span>
                  </td>
                  <td className="muted small">{a.mediaType}</td>
                  <td className="muted small">{formatBytes(a.size)}</td>
                  <td className="mono small" title={a.sha256}>
                    {a.sha256.slice(0, 12)}
                  </td>
                  <td className="small">
                    <Link href={lineagePath({ kind: a.kind === "model" ? "model_artifact" : "artifact", id: `${run.id}/${a.path}`, direction: "up" })}>lineage</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {run.children.length > 0 && (
        <div className="panel">
          <h2>Child runs</h2>
          <ul className="plain-list">
            {run.children.map((c) => (
              <li key={c.id}>
                <Link href={`/experiments/runs/${c.id}`}>{c.name}</Link> <StatusBadge status={c.status} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function KeyValuePanel({ title, rows, testId }: { title: string; rows: readonly KeyValue[]; testId: string }) {
  return (
    <div className="panel" data-testid={testId}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">None logged.</p>
      ) : (
        <table className="table table-compact table-keys">
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.key}</th>
                <td className="wrap">{r.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
