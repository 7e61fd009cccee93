/**
 * What a training run shows in its cell: a live progress bar (epochs and
 * batches, with the latest metrics in its label) and live loss and metric
 * curves (a Vega-Lite chart with an id, so the kernel replaces it in place,
 * as it does the bar). The curves are re-sent at the first epoch end, then at
 * most once per CURVE_INTERVAL_MS, and a last time when the run ends: each
 * re-send carries the whole history, so it is throttled harder than the bar.
 * Outputs go through an emit function the host module binds to the running cell.
 */
import { randomUUID } from "node:crypto";
import type { CellOutput } from "../../protocol/outputs";
import type { EpochLog } from "./loop";

export type EmitOutput = (output: CellOutput) => void;

/** Batch updates per run at most (epoch ends always update): enough for a smooth bar, few messages. */
const BATCH_STEPS = 200;

/** Minimum milliseconds between two sends of the live curves (the last state is always sent by finish). */
export const CURVE_INTERVAL_MS = 250;

export interface ProgressTiming {
  /** Milliseconds between live curve updates (default CURVE_INTERVAL_MS). */
  curveIntervalMs?: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

export interface TrainingProgress {
  onBatch(epoch: number, batch: number, batches: number): void;
  /** An epoch ended with these metrics (and learning_rate): the bar's label and the live curves. */
  onProgress(epoch: number, logs: { [name: string]: number }): void;
  /** Marks the bar done and shows the final curves. */
  finish(history: readonly EpochLog[], status: string, bestEpoch: number | null): void;
}

function formatMetric(value: number): string {
  return Math.abs(value) >= 1000 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(2) : value.toFixed(4);
}

/**
 * The progress label of an epoch: "mlpClassifier · epoch 3/20 · loss 0.4120 · val_loss 0.4551".
 * @example
 * progressLabel("fit", 3, 20, { loss: 0.412 }); // "fit · epoch 3/20 · loss 0.4120"
 */
export function progressLabel(label: string, epoch: number, epochs: number, logs: { [name: string]: number }): string {
  const shown = Object.entries(logs).filter(([name]) => name !== "learning_rate").map(([name, value]) => `${name} ${formatMetric(value)}`);
  return [label, `epoch ${epoch}/${epochs}`, ...shown].join(" · ");
}

/**
 * A Vega-Lite spec of the training curves: one panel for the loss, one for
 * the task's metric, training and validation as two lines each.
 * @example
 * display.chart(curvesSpec(result.history));
 */
export function curvesSpec(history: readonly EpochLog[], title = "training"): Record<string, unknown> {
  const values = history.flatMap((log) =>
    Object.entries(log.metrics).map(([name, value]) => ({
      epoch: log.epoch,
      metric: name.replace(/^val_/, ""),
      split: name.startsWith("val_") ? "validation" : "training",
      value,
    })));
  const metrics = [...new Set(values.map((v) => v.metric))];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    data: { values },
    hconcat: metrics.map((metric) => ({
      width: 260,
      height: 180,
      title: metric,
      transform: [{ filter: { field: "metric", equal: metric } }],
      mark: { type: "line", point: history.length <= 30, tooltip: true },
      encoding: {
        x: { field: "epoch", type: "quantitative", axis: { tickMinStep: 1 } },
        y: { field: "value", type: "quantitative", title: metric, scale: { zero: false } },
        color: { field: "split", type: "nominal", title: null },
      },
    })),
  };
}

/**
 * Progress outputs for one run.
 * @example
 * const progress = createTrainingProgress(emit, "mlpClassifier", 20);
 * await trainModel({ ..., hooks: { onBatch: progress.onBatch, onProgress: progress.onProgress } });
 */
export function createTrainingProgress(emit: EmitOutput, label: string, epochs: number, timing: ProgressTiming = {}): TrainingProgress {
  const id = `train-${randomUUID()}`;
  const curvesId = `${id}-curves`;
  const interval = timing.curveIntervalMs ?? CURVE_INTERVAL_MS;
  const now = timing.now ?? Date.now;
  let lastStep = -1;
  let lastCurvesAt: number | null = null;
  const seen: EpochLog[] = [];
  let text = `${label} · epoch 1/${epochs}`;
  const send = (value: number, done: boolean, total = epochs) => emit({ type: "progress", id, label: text, value, total, done });
  const sendCurves = (history: readonly EpochLog[]) => {
    lastCurvesAt = now();
    emit({ type: "chart", id: curvesId, spec: curvesSpec(history, label) });
  };
  send(0, false);
  return {
    onBatch(epoch, batch, batches) {
      const value = epoch - 1 + batch / batches;
      const step = Math.floor((value / epochs) * BATCH_STEPS);
      if (step === lastStep) return;
      lastStep = step;
      send(value, false);
    },
    onProgress(epoch, logs) {
      text = progressLabel(label, epoch, epochs, logs);
      send(epoch, false);
      const { learning_rate: learningRate, ...metrics } = logs;
      seen.push({ epoch, learningRate: learningRate ?? Number.NaN, metrics });
      if (lastCurvesAt === null || now() - lastCurvesAt >= interval) sendCurves(seen);
    },
    finish(history, status, bestEpoch) {
      const ran = history.length;
      text = `${text} · ${status}${bestEpoch ? ` (kept epoch ${bestEpoch})` : ""}`;
      // A run that converged or stopped early is whole: its bar ends full. An interrupted or failed one shows how far it got.
      send(ran, true, status === "completed" || status === "early_stopped" ? ran : epochs);
      if (ran > 0) sendCurves(history);
    },
  };
}
