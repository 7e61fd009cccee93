import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HandleTable } from "../../kernel/process/sandbox/handles";
import { createTestCallContext } from "../../kernel/process/testing";
import type { CellOutput } from "../../protocol/outputs";
import { createFileArtifactStore, type FileArtifactStore } from "../artifacts/fs-store";
import type { Dataset } from "../data/dataset";
import { loadFile } from "../data/load";
import { openFixture, type DataFixture } from "../data/testing";
import { loadModel } from "../models/artifact";
import { createTrainHostModule } from "./host-module";
import { createMemoryTracker, type MemoryTracker } from "./tracker";

let fx: DataFixture;
let store: FileArtifactStore;
let dir: string;
let ds: Dataset;
let outputs: CellOutput[];
let tracker: MemoryTracker;

const rows = Array.from({ length: 48 }, (_, i) => {
  const a = (i % 8) / 8;
  const b = Math.floor(i / 8) / 6;
  return `${a},${b},${a + b > 0.8 ? "hi" : "lo"}`;
});

beforeAll(async () => {
  fx = await openFixture();
  dir = await mkdtemp(path.join(tmpdir(), "train-host-"));
  store = createFileArtifactStore({ root: dir });
  ds = (await loadFile(fx.engine, await fx.write("d.csv", `a,b,label\n${rows.join("\n")}\n`))).dataset;
});
afterAll(async () => {
  await fx.close();
  await rm(dir, { recursive: true, force: true });
});

function setup(signal: AbortSignal = new AbortController().signal, onEmit: (output: CellOutput) => void = () => undefined) {
  outputs = [];
  tracker = createMemoryTracker();
  const module = createTrainHostModule({
    engine: async () => fx.engine, artifacts: () => store, tracker: () => tracker, emit: (cellId, output) => {
      if (cellId !== "c1") return;
      outputs.push(output);
      onEmit(output);
    },
  });
  const handles = new HandleTable();
  const { ctx } = createTestCallContext({ signal, handles });
  const call = (name: string, ...args: unknown[]) => Promise.resolve(module.functions[name]!(args, ctx));
  return { module, handles, ctx, call, dataset: handles.add(ds, "Dataset") };
}

describe("the train host module", () => {
  it("trains from a Dataset handle, returns a Model handle, and shows a progress bar and curves", async () => {
    const { call, dataset, handles, module } = setup();
    expect(module.name).toBe("train");
    const result = await call("mlpClassifier", dataset, { target: "label", hidden: [4], epochs: 3, validationSplit: 0.25, seed: 1 }) as Record<string, unknown>;
    expect(result).toMatchObject({ status: "completed", seed: 1, backend: "wasm", model: { kind: "Model" } });
    expect((result.history as unknown[]).length).toBe(3);
    expect(handles.get(result.model, "Model")).toMatchObject({ kind: "mlpClassifier", features: ["a", "b"], target: "label" });
    const bars = outputs.filter((o): o is Extract<CellOutput, { type: "progress" }> => o.type === "progress");
    expect(new Set(bars.map((b) => b.id)).size).toBe(1);
    expect(bars.at(-1)).toMatchObject({ done: true, value: 3, total: 3, label: expect.stringMatching(/^mlpClassifier · epoch 3\/3 · loss .* val_accuracy .* completed/) });
    const chart = outputs.find((o) => o.type === "chart") as Extract<CellOutput, { type: "chart" }>;
    expect((chart.spec.hconcat as Array<{ title: string }>).map((p) => p.title)).toEqual(["loss", "accuracy"]);
    expect(tracker.runs[0]!.params).toMatchObject({ backend: "wasm", seed: 1 });
    expect(module.backend!()).toMatch(/^wasm · cpu \(wasm/);
  });

  it("coded errors reach the cell as name and 'code: message'", async () => {
    const { call, dataset } = setup();
    const error = await call("logisticRegression", dataset, { target: "a", features: ["b"], epochs: 1 }).catch((e: unknown) => e) as Error;
    expect(error.name).toBe("TrainError");
    expect(error.message).toMatch(/^invalid_argument: logistic regression is binary, and the target has 8 classes/);
    const bad = await call("mlpRegressor", { x: [[1], [2]], y: [1] }, {}).catch((e: unknown) => e) as Error;
    expect(bad.message).toMatch(/^length_mismatch: /);
    const notData = await call("mlpRegressor", 42, {}).catch((e: unknown) => e) as Error;
    expect(notData.message).toMatch(/^invalid_argument: data must be a Dataset/);
  });

  it("an interrupt keeps the best checkpoint as an artifact and records it on the run", async () => {
    const controller = new AbortController();
    // The interrupt arrives as epoch 2 ends (when its metrics reach the bar).
    const { call, dataset } = setup(controller.signal, (o) => { if (o.type === "progress" && o.label.includes("epoch 2/")) controller.abort(); });
    const result = await call("mlpRegressor", dataset, { target: "a", features: ["b"], hidden: [3], epochs: 200, seed: 2 }) as { status: string; checkpoint: string; bestEpoch: number; history: unknown[] };
    expect(result.status).toBe("interrupted");
    expect(result.history).toHaveLength(2);
    const run = tracker.runs[0]!;
    expect(run.status).toBe("interrupted");
    expect(run.summary!.checkpoint).toBe(result.checkpoint);
    const kept = await loadModel(store, result.checkpoint);
    expect(kept.runtime === "tfjs" && kept.training?.bestEpoch).toBe(result.bestEpoch);
    expect(outputs.some((o) => o.type === "markdown" && o.text.includes(result.checkpoint))).toBe(true);
  });

  it("search and crossValidate take the same data forms", async () => {
    const { call, dataset, handles } = setup();
    const search = await call("search", {
      kind: "linearRegression", data: dataset, options: { target: "a", features: ["b"], epochs: 2, seed: 3 },
      space: { learningRate: [0.01, 0.1] }, strategy: "grid",
    }) as { best: { trial: number }; trials: unknown[]; model: unknown };
    expect(search.trials).toHaveLength(2);
    expect(handles.get(search.model, "Model")).toMatchObject({ kind: "linearRegression" });
    expect(outputs.filter((o) => o.type === "progress").at(-1)).toMatchObject({ done: true, label: "linearRegression search · 2 trials · completed" });
    const cv = await call("crossValidate", "logisticRegression", { x: [[0], [1], [0], [1], [0], [1]], y: ["n", "y", "n", "y", "n", "y"] }, { epochs: 2, seed: 1 }, { folds: 3, stratified: true }) as { folds: unknown[] };
    expect(cv.folds).toHaveLength(3);
    await expect(call("crossValidate", "nope", dataset, {}, { folds: 2 })).rejects.toThrow(/^invalid_argument: kind must be one of/);
    expect(await call("backend")).toMatchObject({ backend: "wasm", package: "@tensorflow/tfjs-backend-wasm" });
  });
});
