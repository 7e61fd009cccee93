import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HandleTable } from "../../kernel/process/sandbox/handles";
import { toIsolateValue } from "../../kernel/process/sandbox/host-values";
import { createTestCallContext } from "../../kernel/process/testing";
import { createFileArtifactStore } from "../artifacts/fs-store";
import type { Dataset } from "../data/dataset";
import { openFixture, type DataFixture } from "../data/testing";
import { createEvaluateHostModule } from "./host-module";
import { f1 } from "./prf";

let fx: DataFixture;
let ds: Dataset;
let root: string;
const handles = new HandleTable();
const { ctx } = createTestCallContext({ handles });

beforeAll(async () => {
  fx = await openFixture();
  ds = await fx.engine.materialize(`SELECT * FROM (VALUES (0, 0, 0.2), (1, 1, 0.9), (2, 1, 0.4), (3, 0, 0.6)) t(id, label, p) ORDER BY id`);
  root = await mkdtemp(join(tmpdir(), "evaluate-host-"));
});
afterAll(async () => {
  await fx.close();
  await rm(root, { recursive: true, force: true });
});

describe("the evaluate host module", () => {
  const module = () => createEvaluateHostModule({ engine: async () => fx.engine, artifacts: () => createFileArtifactStore({ root }) });

  it("is named evaluate and runs array metrics on the arguments a cell passes", async () => {
    const m = module();
    expect(m.name).toBe("evaluate");
    const r = await m.functions.f1!([[0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" }], ctx);
    expect(r).toEqual(f1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" }));
    expect(await m.functions.accuracy!([[0, 1], [0, 1], null], ctx)).toEqual({ value: 1, warnings: [] });
    await expect(async () => m.functions.accuracy!([[0, 1], [0, 1], 5], ctx)).rejects.toThrow(/options must be an object/);
  });

  it("evaluates a Dataset handle and returns plain data the isolate can copy", async () => {
    const m = module();
    const handle = handles.add(ds, "Dataset");
    const result = (await m.functions.classification!([handle, { yTrue: "label", yScore: "p" }], ctx)) as { evaluation: { metrics: Record<string, number> } };
    expect(result.evaluation.metrics.roc_auc).toBe(0.75);
    const copied = toIsolateValue("evaluate.classification", result, new HandleTable());
    expect(copied).toEqual(result);
    await expect(async () => m.functions.classification!([handles.add({}, "Model"), { yTrue: "label" }], ctx)).rejects.toThrow(/expected a handle to a Dataset/);
    await expect(async () => m.functions.classification!([handle], ctx)).rejects.toThrow(/needs an options object/);
  });

  it("returns new datasets from perturbations (they cross as handles)", async () => {
    const m = module();
    const result = (await m.functions.injectMissing!([handles.add(ds, "Dataset"), { columns: ["p"], rate: 0.5, seed: 1 }], ctx)) as { dataset: Dataset; report: { changed: Record<string, number> } };
    const table = new HandleTable();
    const copied = toIsolateValue("evaluate.injectMissing", result, table) as { dataset: { kind: string } };
    expect(copied.dataset.kind).toBe("Dataset");
    expect(table.get<Dataset>(copied.dataset, "Dataset")).toBe(result.dataset);
  });

  it("stores a report when the kernel has an artifact store, and says so when it has none", async () => {
    const handle = handles.add(ds, "Dataset");
    const { report } = (await module().functions.classification!([handle, { yTrue: "label", yScore: "p" }], ctx)) as { report: unknown };
    const stored = (await module().functions.storeReport!([report], ctx)) as { id: string };
    expect(stored.id).toMatch(/^[0-9a-f]{64}$/);
    const bare = createEvaluateHostModule({ engine: async () => fx.engine });
    await expect(async () => bare.functions.storeReport!([report], ctx)).rejects.toThrow(/no artifact store/);
    await expect(async () => bare.functions.storeReport!([{ kind: "x" }], ctx)).rejects.toThrow(/expected an evaluation report/);
  });
});
