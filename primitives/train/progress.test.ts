import { describe, expect, it } from "vitest";
import type { CellOutput } from "../../protocol/outputs";
import { createTrainingProgress, curvesSpec, progressLabel } from "./progress";

describe("training progress", () => {
  it("labels an epoch with its metrics, not the learning rate", () => {
    expect(progressLabel("fit", 3, 20, { loss: 0.412, val_loss: 0.00001234, learning_rate: 0.01 })).toBe("fit · epoch 3/20 · loss 0.4120 · val_loss 1.23e-5");
  });

  it("curves: one panel per metric, training and validation as series", () => {
    const spec = curvesSpec([
      { epoch: 1, learningRate: 0.1, metrics: { loss: 1, accuracy: 0.5, val_loss: 2, val_accuracy: 0.4 } },
      { epoch: 2, learningRate: 0.1, metrics: { loss: 0.5, accuracy: 0.7, val_loss: 1, val_accuracy: 0.6 } },
    ]);
    expect((spec.data as { values: unknown[] }).values).toContainEqual({ epoch: 2, metric: "loss", split: "validation", value: 1 });
    expect((spec.data as { values: unknown[] }).values).toHaveLength(8);
    expect((spec.hconcat as Array<{ title: string }>).map((p) => p.title)).toEqual(["loss", "accuracy"]);
  });

  it("one bar, updated in place; batch updates bounded whatever the batch count", () => {
    const out: CellOutput[] = [];
    const progress = createTrainingProgress((o) => out.push(o), "fit", 2);
    for (let epoch = 1; epoch <= 2; epoch++) {
      for (let batch = 1; batch <= 1000; batch++) progress.onBatch(epoch, batch, 1000);
      progress.onProgress(epoch, { loss: 1 / epoch });
    }
    progress.finish([{ epoch: 1, learningRate: 0.1, metrics: { loss: 1 } }, { epoch: 2, learningRate: 0.1, metrics: { loss: 0.5 } }], "completed", 2);
    const bars = out.filter((o) => o.type === "progress");
    expect(new Set(bars.map((b) => b.id)).size).toBe(1);
    // the first update, one per step of 1/200 of the run (steps 0..200), two epoch ends, the final one
    expect(bars.length).toBeLessThanOrEqual(1 + 201 + 2 + 1);
    expect(bars.at(-1)).toMatchObject({ value: 2, total: 2, done: true, label: "fit · epoch 2/2 · loss 0.5000 · completed (kept epoch 2)" });
    expect(out.at(-1)!.type).toBe("chart");
  });

  it("a run that ends early (lbfgs converged, early stopping) ends with a full bar; an interrupted one does not", () => {
    const bars = (status: string) => {
      const out: CellOutput[] = [];
      const progress = createTrainingProgress((o) => out.push(o), "fit", 100);
      progress.onProgress(1, { loss: 1 });
      progress.finish([{ epoch: 1, learningRate: 1, metrics: { loss: 1 } }], status, 1);
      return out.filter((o) => o.type === "progress").at(-1);
    };
    expect(bars("completed")).toMatchObject({ value: 1, total: 1, done: true });
    expect(bars("interrupted")).toMatchObject({ value: 1, total: 100, done: true });
  });

  it("live curves: one chart id, sent at the first epoch end, then at most once per interval, and the full history at the end", () => {
    const out: CellOutput[] = [];
    let clock = 0;
    const progress = createTrainingProgress((o) => out.push(o), "fit", 6, { curveIntervalMs: 250, now: () => clock });
    const history = [1, 2, 3, 4, 5, 6].map((epoch) => ({ epoch, learningRate: 0.1, metrics: { loss: 1 / epoch, val_loss: 2 / epoch } }));
    // Epochs end at 10, 100, 300, 320, 400 and 700 ms.
    for (const [i, at] of [10, 100, 300, 320, 400, 700].entries()) {
      clock = at;
      progress.onProgress(i + 1, { ...history[i]!.metrics, learning_rate: 0.1 });
    }
    progress.finish(history, "completed", 6);
    const charts = out.filter((o): o is Extract<CellOutput, { type: "chart" }> => o.type === "chart");
    expect(new Set(charts.map((c) => c.id)).size).toBe(1);
    expect(charts[0]!.id).toMatch(/^train-.*-curves$/);
    const epochsShown = charts.map((c) => Math.max(...(c.spec.data as { values: Array<{ epoch: number }> }).values.map((v) => v.epoch)));
    // epoch 1 (first), 3 (250 ms after 10), 6 (400 ms after 300), then the final chart.
    expect(epochsShown).toEqual([1, 3, 6, 6]);
    expect((charts[1]!.spec.data as { values: unknown[] }).values).toContainEqual({ epoch: 2, metric: "loss", split: "validation", value: 1 });
    expect((charts.at(-1)!.spec.data as { values: unknown[] }).values).toHaveLength(12);
  });
});
