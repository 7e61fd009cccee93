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
});
