/**
 * The `models` host module: what cells call as `models.<function>`
 * (declared in primitives/types/train.d.ts). Like `train`, it is not
 * registered here; the kernel's process/modules.ts builds it with its
 * dependencies. Cells hold models as handles of kind "Model".
 *
 * ONNX files are imported from bytes or from an artifact id, never from a
 * host path: a cell must not read the server's file system.
 */
import type { HostModule, KernelCallContext } from "../../kernel/process/host";
import type { HostCallContext } from "../../kernel/process/sandbox/sandbox";
import type { ArtifactStore } from "../artifacts/store";
import type { DataEngine } from "../data/engine";
import type { JsonValue } from "../data/errors";
import { recordDataCall } from "../data/kernel/call-inputs";
import { MAX_ROWS_PER_READ } from "../data/rows";
import { resolveSource } from "../train/cell-input";
import { withCellErrors } from "../train/cell-errors";
import { TrainError } from "../train/errors";
import { isDatasetSource } from "../train/source";
import { loadModel, readArtifactBytes, saveModel, type LoadModelOptions } from "./artifact";
import { ModelError } from "./errors";
import { isModel, type Model } from "./model";
import { exportOnnx, ONNX_INPUT_NAME, ONNX_OPSET, onnxOutputName } from "./onnx-export";
import { importOnnx, MAX_ONNX_BYTES } from "./onnx-import";
import { predict, type Predictions, type PredictInput } from "./predict";

export interface ModelsHostDeps {
  engine: () => Promise<DataEngine>;
  artifacts?: () => ArtifactStore | null;
  /** The FeatureSet module's reviver, so loaded models can transform raw rows again. */
  reviveFeatureSet?: LoadModelOptions["reviveFeatureSet"];
}

function modelOf(ctx: HostCallContext, handle: unknown): Model {
  const value = ctx.handles.get(handle, "Model");
  if (!isModel(value)) throw new TypeError("expected a handle to a Model");
  return value;
}

function rowsOf(values: Float32Array, width: number): number[][] {
  return Array.from({ length: values.length / width }, (_, i) => Array.from(values.subarray(i * width, (i + 1) * width)));
}

/**
 * Predictions as plain data for a cell.
 * @example
 * toCellPredictions(await predict(model, input)); // { labels: ["a", "b"], probabilities: [[0.9, 0.1], [0.2, 0.8]], classes: ["a", "b"] }
 */
export function toCellPredictions(p: Predictions): { [key: string]: JsonValue } {
  if (p.task === "regression") return { task: p.task, rows: p.rows, values: Array.from(p.values!) };
  return { task: p.task, rows: p.rows, labels: p.labels!, probabilities: rowsOf(p.probabilities!, p.classes!.length), classes: [...p.classes!] };
}

async function predictInput(ctx: HostCallContext, deps: ModelsHostDeps, data: unknown): Promise<PredictInput> {
  if (Array.isArray(data)) return { x: data };
  if (typeof data === "object" && data !== null && "x" in data && !("y" in data)) return { x: (data as { x: unknown }).x };
  const source = await resolveSource(data, ctx, deps.engine, "data");
  if (!isDatasetSource(source)) return { x: source.x };
  if (source.dataset.rowCount > MAX_ROWS_PER_READ) {
    throw new TrainError("too_large", `predictions for ${source.dataset.rowCount} rows would be copied into the cell; at most ${MAX_ROWS_PER_READ} per call, so split or sample the dataset`, { rows: source.dataset.rowCount });
  }
  return { dataset: source.dataset, engine: source.engine };
}

function storeOf(deps: ModelsHostDeps): ArtifactStore {
  const store = deps.artifacts?.() ?? null;
  if (!store) throw new ModelError("unsupported", "this kernel has no artifact store");
  return store;
}

/**
 * The `models` host module with its dependencies.
 * @example
 * registerHostModule(createModelsHostModule({ engine: () => getDataEngine(), artifacts: () => store }));
 */
export function createModelsHostModule(deps: ModelsHostDeps): HostModule {
  const loadOptions: LoadModelOptions = deps.reviveFeatureSet ? { reviveFeatureSet: deps.reviveFeatureSet } : {};
  return {
    name: "models",
    functions: {
      // A lineage run reading its data in the `test` context; the model is named in the parameters (it has no lineage node of its own).
      predict: withCellErrors(async ([handle, data], ctx: KernelCallContext) => {
        const model = modelOf(ctx, handle);
        const parameters = { model: { id: model.id, kind: model.kind, task: model.task } };
        return recordDataCall(ctx, "models.predict", parameters, [{ value: data, context: "test" }], async () => toCellPredictions(await predict(model, await predictInput(ctx, deps, data))));
      }),
      summary: withCellErrors(async ([model], ctx) => modelOf(ctx, model).toJSON()),
      save: withCellErrors(async ([model], ctx) => saveModel(storeOf(deps), modelOf(ctx, model))),
      load: withCellErrors(async ([artifactId], ctx) => {
        if (typeof artifactId !== "string") throw new TrainError("invalid_argument", "load takes an artifact id (a string)");
        return ctx.handles.add(await loadModel(storeOf(deps), artifactId, loadOptions), "Model");
      }),
      exportOnnx: withCellErrors(async ([handle], ctx) => {
        const model = modelOf(ctx, handle);
        if (model.runtime !== "tfjs") throw new ModelError("unsupported", "this model was imported from ONNX; save it to keep it");
        const { id, size } = await storeOf(deps).put(exportOnnx(model));
        return { artifactId: id, size, opset: ONNX_OPSET, input: ONNX_INPUT_NAME, output: onnxOutputName(model) };
      }),
      importOnnx: withCellErrors(async ([source, schema], ctx) => {
        let bytes: Uint8Array;
        if (source instanceof Uint8Array) bytes = source;
        else if (typeof source === "string") bytes = await readArtifactBytes(storeOf(deps), source, MAX_ONNX_BYTES);
        else throw new TrainError("invalid_argument", "importOnnx takes the model's bytes (Uint8Array) or an artifact id");
        return ctx.handles.add(await importOnnx(bytes, schema), "Model");
      }),
    },
  };
}
