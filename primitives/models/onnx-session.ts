/**
 * onnxruntime-node sessions: loading ONNX bytes (CPU execution provider) and
 * running a feature matrix through one input/output pair in bounded batches.
 */
import * as ort from "onnxruntime-node";
import type { FeatureMatrix } from "../train/matrix";
import { ModelError } from "./errors";

/**
 * A session for `bytes`; an onnx_invalid error when onnxruntime refuses them.
 * @example
 * const session = await createOnnxSession(await readFile("model.onnx"));
 */
export async function createOnnxSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(bytes, { executionProviders: ["cpu"], graphOptimizationLevel: "all" });
  } catch (error) {
    throw new ModelError("onnx_invalid", `onnxruntime could not load the model: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Rows per session.run call. */
const BATCH_ROWS = 8192;

/**
 * `x` through the session: rows x outputs, row-major, and the outputs per row.
 * @example
 * const { values, width } = await runOnnx(session, "input", "probabilities", x);
 */
export async function runOnnx(
  session: ort.InferenceSession, input: string, output: string, x: FeatureMatrix,
): Promise<{ values: Float32Array; width: number }> {
  let values: Float32Array | null = null;
  let width = 0;
  for (let start = 0; start < x.rows; start += BATCH_ROWS) {
    const end = Math.min(x.rows, start + BATCH_ROWS);
    const feed = new ort.Tensor("float32", x.values.slice(start * x.cols, end * x.cols), [end - start, x.cols]);
    const results = await session.run({ [input]: feed }, [output]);
    const tensor = results[output];
    if (!tensor || tensor.type !== "float32") {
      throw new ModelError("onnx_schema_mismatch", `output ${output} is ${tensor ? tensor.type : "missing"}, expected float32`);
    }
    const rowsOut = end - start;
    const size = tensor.data.length;
    if (size % rowsOut !== 0) throw new ModelError("onnx_schema_mismatch", `output ${output} has ${size} values for ${rowsOut} rows`);
    if (values === null) {
      width = size / rowsOut;
      values = new Float32Array(x.rows * width);
    } else if (size / rowsOut !== width) {
      throw new ModelError("onnx_schema_mismatch", `output ${output} changed width between batches`);
    }
    values.set(tensor.data as Float32Array, start * width);
    feed.dispose();
    tensor.dispose();
  }
  return { values: values ?? new Float32Array(0), width };
}
