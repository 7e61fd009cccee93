/**
 * Imports an existing ONNX model as a model, given a declared input schema:
 * which graph input takes the features and which columns they are, what the
 * model predicts (task, classes) and which output holds it. The file is
 * loaded by onnxruntime, and its inputs and outputs are checked against the
 * declaration before a model exists, each mismatch named.
 */
import { readFile, stat } from "node:fs/promises";
import type { InferenceSession } from "onnxruntime-node";
import { z } from "zod";
import type { JsonValue } from "../data/errors";
import type { ClassLabel } from "../train/labels";
import { invalidOptions } from "../train/options";
import { ModelError } from "./errors";
import { createOnnxModel, type FeatureSetRef, type OnnxModel } from "./model";
import { createOnnxSession } from "./onnx-session";
import type { Task } from "../train/metrics";

/** ONNX files larger than this are refused (1 GiB). */
export const MAX_ONNX_BYTES = 1024 ** 3;

export const onnxSchemaSchema = z.object({
  /** The graph input that takes the features; may be left out when the model has one input. */
  input: z.string().min(1).optional(),
  /** The feature columns, in the order of the input's second dimension. */
  features: z.array(z.string().min(1)).min(1),
  task: z.enum(["regression", "binary", "multiclass"]),
  /** Class labels in output order (classifiers). */
  classes: z.array(z.union([z.number(), z.string(), z.boolean()])).min(2).optional(),
  /** The output holding predictions or probabilities; default the first output. */
  output: z.string().min(1).optional(),
  target: z.string().min(1).optional(),
}).strict();

export type OnnxSchema = z.input<typeof onnxSchemaSchema>;

type Metadata = InferenceSession.ValueMetadata;

function mismatch(message: string, details: { [key: string]: JsonValue } = {}): ModelError {
  return new ModelError("onnx_schema_mismatch", message, details);
}

function describe(meta: Metadata): string {
  return meta.isTensor ? `${meta.name} (${meta.type} [${meta.shape.join(", ")}])` : `${meta.name} (not a tensor)`;
}

function checkInput(meta: readonly Metadata[], declared: string | undefined, features: number): string {
  const names = meta.map((m) => m.name);
  if (declared === undefined && meta.length !== 1) {
    throw mismatch(`the model has ${meta.length} inputs (${meta.map(describe).join(", ")}); declare which one takes the features with schema.input`, { inputs: names });
  }
  const name = declared ?? names[0]!;
  const input = meta.find((m) => m.name === name);
  if (!input) throw mismatch(`the model has no input named ${JSON.stringify(name)}; its inputs are ${meta.map(describe).join(", ")}`, { inputs: names });
  if (meta.length > 1) throw mismatch(`the model has ${meta.length} inputs (${meta.map(describe).join(", ")}); only models with one input can be fed a feature table`, { inputs: names });
  if (!input.isTensor) throw mismatch(`input ${name} is not a tensor`);
  if (input.type !== "float32") throw mismatch(`input ${name} is ${input.type}; features are fed as float32`, { type: input.type });
  if (input.shape.length !== 2) throw mismatch(`input ${name} has shape [${input.shape.join(", ")}]; a feature table is [rows, features]`, { shape: input.shape.map(String) });
  const width = input.shape[1];
  if (typeof width === "number" && width >= 0 && width !== features) {
    throw mismatch(`input ${name} takes ${width} features per row, the schema declares ${features}`, { expected: width, declared: features });
  }
  const rows = input.shape[0];
  if (typeof rows === "number" && rows > 0 && rows !== 1) {
    // A fixed batch larger than one cannot take an arbitrary number of rows.
    throw mismatch(`input ${name} has a fixed batch of ${rows} rows; export the model with a dynamic first dimension`, { rows });
  }
  return name;
}

function checkOutput(meta: readonly Metadata[], declared: string | undefined, task: Task, classes: number): string {
  const name = declared ?? meta[0]?.name;
  const output = meta.find((m) => m.name === name);
  if (!output) throw mismatch(`the model has no output named ${JSON.stringify(name)}; its outputs are ${meta.map(describe).join(", ")}`, { outputs: meta.map((m) => m.name) });
  if (!output.isTensor || output.type !== "float32") throw mismatch(`output ${output.name} must be a float32 tensor, it is ${describe(output)}`);
  const width = output.shape.length === 2 ? output.shape[1] : output.shape.length === 1 ? 1 : null;
  if (width === null) throw mismatch(`output ${output.name} has shape [${output.shape.join(", ")}]; expected [rows] or [rows, outputs]`);
  const expected = task === "regression" ? [1] : task === "binary" ? [1, 2] : [classes];
  if (typeof width === "number" && width >= 0 && !expected.includes(width)) {
    throw mismatch(`output ${output.name} gives ${width} values per row; a ${task} model with ${classes} classes needs ${expected.join(" or ")}`, { width });
  }
  return output.name;
}

/**
 * A model from ONNX bytes and a declared schema.
 * @example
 * const model = await importOnnx(bytes, { features: ["age", "income"], task: "binary", classes: ["no", "yes"], output: "probabilities" });
 */
export async function importOnnx(bytes: Uint8Array, schema: unknown, featureSet: FeatureSetRef | null = null): Promise<OnnxModel> {
  const parsed = onnxSchemaSchema.safeParse(schema);
  if (!parsed.success) throw invalidOptions("ONNX input schema", parsed.error);
  const declared = parsed.data;
  if (declared.task === "regression" && declared.classes) throw mismatch("a regression model has no classes; leave schema.classes out");
  if (declared.task !== "regression" && !declared.classes) throw mismatch(`a ${declared.task} model needs schema.classes, in the order of its outputs`);
  if (declared.task === "binary" && declared.classes!.length !== 2) throw mismatch(`a binary model has two classes, the schema lists ${declared.classes!.length}`);
  if (bytes.byteLength > MAX_ONNX_BYTES) throw new ModelError("too_large", `the ONNX file has ${bytes.byteLength} bytes, over the ${MAX_ONNX_BYTES}-byte limit`);
  const session = await createOnnxSession(bytes);
  try {
    const classes = (declared.classes ?? null) as ClassLabel[] | null;
    const input = checkInput(session.inputMetadata, declared.input, declared.features.length);
    const output = checkOutput(session.outputMetadata, declared.output, declared.task, classes?.length ?? 1);
    return createOnnxModel({
      task: declared.task, features: declared.features, target: declared.target ?? null, classes, featureSet,
      bytes: Uint8Array.from(bytes), session, input: { name: input, features: declared.features }, output,
    });
  } catch (error) {
    await session.release();
    throw error;
  }
}

/**
 * A model from an ONNX file on disk.
 * @example
 * const model = await importOnnxFile("/models/churn.onnx", { features: ["tenure", "spend"], task: "regression" });
 */
export async function importOnnxFile(path: string, schema: unknown): Promise<OnnxModel> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new ModelError("onnx_invalid", `no ONNX file at ${path}`);
  if (info.size > MAX_ONNX_BYTES) throw new ModelError("too_large", `${path} has ${info.size} bytes, over the ${MAX_ONNX_BYTES}-byte limit`);
  return importOnnx(await readFile(path), schema);
}
