import type { ArtifactRow, ExperimentRow, InputRow, RunRow } from "../../db/queries/experiments";
import type { KeyValueRow, MetricRow } from "../../db/queries/experiments-read";
import type { ExperimentListing } from "../../db/queries/experiments-search";
import {
  toWireNumber,
  type ArtifactKind,
  type ArtifactView,
  type ExperimentId,
  type ExperimentView,
  type InputContext,
  type InputView,
  type MetricPoint,
  type RunId,
  type RunSummary,
  type RunView,
} from "../../protocol/experiments";
import { versionNodeId } from "../../protocol/datasets";

/** Store rows to the JSON the API and the kernel see (dates as ISO text, non-finite numbers as text). */

export function toExperimentView(row: ExperimentListing | (ExperimentRow & { runCount?: number; lastRunAt?: Date | null })): ExperimentView {
  return {
    id: row.id as ExperimentId,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    runCount: row.runCount ?? 0,
    lastRunAt: row.lastRunAt ? row.lastRunAt.toISOString() : null,
  };
}

export function toRunView(row: RunRow): RunView {
  return {
    id: row.id as RunId,
    experimentId: row.experimentId as ExperimentId,
    name: row.name,
    status: row.status,
    parentRunId: (row.parentRunId as RunId | null) ?? null,
    notebookId: row.notebookId,
    cellId: row.cellId,
    lineageRunId: row.lineageRunId,
    actorId: row.actorId,
    startTime: row.startTime.toISOString(),
    endTime: row.endTime ? row.endTime.toISOString() : null,
  };
}

export function toMetricPoint(row: Pick<MetricRow, "step" | "timestamp" | "value">): MetricPoint {
  return { step: row.step, timestamp: row.timestamp, value: toWireNumber(row.value) };
}

/** Groups per-run rows of several runs by run id. */
export function groupByRun<T extends { runId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.runId);
    if (list) list.push(row);
    else map.set(row.runId, [row]);
  }
  return map;
}

export function toRunSummary(row: RunRow, params: readonly KeyValueRow[], metrics: readonly MetricRow[], tags: readonly KeyValueRow[]): RunSummary {
  return {
    ...toRunView(row),
    params: params.map(({ key, value }) => ({ key, value })),
    metrics: metrics.map((m) => ({ key: m.key, ...toMetricPoint(m) })),
    tags: tags.map(({ key, value }) => ({ key, value })),
  };
}

export function toInputView(row: InputRow): InputView {
  return {
    namespace: row.namespace,
    name: row.name,
    digest: row.digest,
    context: row.context as InputContext,
    lineageNodeId: versionNodeId(row.datasetId, row.digest),
  };
}

export function toArtifactView(row: ArtifactRow): ArtifactView {
  return {
    path: row.path,
    kind: row.kind as ArtifactKind,
    sha256: row.sha256,
    size: row.size,
    mediaType: row.mediaType,
    createdAt: row.createdAt.toISOString(),
  };
}
