/**
 * The bytes of a stored model: "TBMODEL1", a little-endian u32 header length,
 * a UTF-8 JSON header, then the binary payload (float32 weights, little
 * endian, or the ONNX file) at offsets the header lists. Weights are stored
 * exactly, so a loaded model predicts bit for bit what the saved one did.
 * Decoding checks everything (magic, header schema, offsets, sizes) and
 * fails with invalid_artifact instead of building a wrong model.
 */
import { z } from "zod";
import type { JsonValue } from "../data/errors";
import { ModelError } from "./errors";
import { ACTIVATIONS, type Activation, type DenseLayer, type Network } from "./network";
import { MODEL_KINDS, type FeatureSetRef, type ModelKind, type TrainingRecord } from "./model";
import type { ClassLabel } from "../train/labels";
import type { Task } from "../train/metrics";

const MAGIC = "TBMODEL1";
const FORMAT_VERSION = 1;

const blobSchema = z.object({ offset: z.int().min(0), length: z.int().min(0) }).strict();
const jsonValue: z.ZodType<JsonValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]));
const common = {
  version: z.literal(FORMAT_VERSION),
  task: z.enum(["regression", "binary", "multiclass"]),
  features: z.array(z.string()).min(1),
  target: z.string().nullable(),
  classes: z.array(z.union([z.number(), z.string(), z.boolean()])).nullable(),
  featureSet: jsonValue.nullable(),
};

const headerSchema = z.discriminatedUnion("runtime", [
  z.object({
    ...common,
    runtime: z.literal("tfjs"),
    kind: z.enum(MODEL_KINDS as [ModelKind, ...ModelKind[]]),
    training: z.record(z.string(), jsonValue).nullable(),
    layers: z.array(z.object({
      inputs: z.int().min(1),
      units: z.int().min(1),
      activation: z.enum(ACTIVATIONS as [Activation, ...Activation[]]),
      kernel: blobSchema,
      bias: blobSchema,
    }).strict()).min(1),
  }).strict(),
  z.object({
    ...common,
    runtime: z.literal("onnx"),
    input: z.object({ name: z.string().min(1), features: z.array(z.string()).min(1) }).strict(),
    output: z.string().min(1),
    onnx: blobSchema,
  }).strict(),
]);

interface CommonFields {
  task: Task;
  features: readonly string[];
  target: string | null;
  classes: readonly ClassLabel[] | null;
  featureSet: FeatureSetRef | null;
}

export type ModelFileContent =
  | (CommonFields & { runtime: "tfjs"; kind: ModelKind; network: Network; training: TrainingRecord | null })
  | (CommonFields & { runtime: "onnx"; input: { name: string; features: readonly string[] }; output: string; onnx: Uint8Array });

function floatBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

function readFloats(payload: Uint8Array, blob: { offset: number; length: number }, expected: number, what: string): Float32Array {
  if (blob.length !== expected * 4) throw invalid(`${what} has ${blob.length} bytes, expected ${expected * 4}`);
  const view = new DataView(payload.buffer, payload.byteOffset + blob.offset, blob.length);
  const values = new Float32Array(expected);
  for (let i = 0; i < expected; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}

function invalid(message: string): ModelError {
  return new ModelError("invalid_artifact", `not a readable Tracebook model: ${message}`);
}

/**
 * The stored bytes of a model (deterministic: the same model gives the same bytes).
 * @example
 * const bytes = encodeModelFile({ runtime: "tfjs", kind, task, features, target, classes, featureSet, network, training });
 */
export function encodeModelFile(content: ModelFileContent): Uint8Array {
  const blobs: Uint8Array[] = [];
  let offset = 0;
  const place = (bytes: Uint8Array) => {
    blobs.push(bytes);
    const blob = { offset, length: bytes.length };
    offset += bytes.length;
    return blob;
  };
  const common = {
    version: FORMAT_VERSION, task: content.task, features: [...content.features], target: content.target,
    classes: content.classes ? [...content.classes] : null, featureSet: content.featureSet?.json ?? null,
  };
  const header = content.runtime === "tfjs"
    ? {
      ...common, runtime: "tfjs", kind: content.kind, training: content.training,
      layers: content.network.layers.map((l) => ({ inputs: l.inputs, units: l.units, activation: l.activation, kernel: place(floatBytes(l.kernel)), bias: place(floatBytes(l.bias)) })),
    }
    : { ...common, runtime: "onnx", input: { name: content.input.name, features: [...content.input.features] }, output: content.output, onnx: place(content.onnx) };
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const prefix = Buffer.alloc(MAGIC.length + 4);
  prefix.write(MAGIC, 0, "ascii");
  prefix.writeUInt32LE(json.length, MAGIC.length);
  return Buffer.concat([prefix, json, ...blobs]);
}

/**
 * Reads stored bytes back; invalid_artifact when anything does not check out.
 * @example
 * const content = decodeModelFile(bytes); // content.runtime === "tfjs" ? content.network : content.onnx
 */
export function decodeModelFile(bytes: Uint8Array): ModelFileContent {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < MAGIC.length + 4 || buffer.toString("ascii", 0, MAGIC.length) !== MAGIC) throw invalid("it does not start with the model file signature");
  const headerLength = buffer.readUInt32LE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > buffer.length) throw invalid("the header runs past the end of the file");
  let raw: unknown;
  try {
    raw = JSON.parse(buffer.toString("utf8", MAGIC.length + 4, headerEnd));
  } catch {
    throw invalid("the header is not JSON");
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const header = parsed.data;
  const payload = buffer.subarray(headerEnd);
  const check = (blob: { offset: number; length: number }, what: string) => {
    if (blob.offset + blob.length > payload.length) throw invalid(`${what} runs past the end of the file`);
  };
  const common = {
    task: header.task, features: header.features, target: header.target, classes: header.classes,
    featureSet: header.featureSet === null ? null : { json: header.featureSet },
  };
  if (header.runtime === "onnx") {
    check(header.onnx, "the ONNX payload");
    return { ...common, runtime: "onnx", input: header.input, output: header.output, onnx: payload.slice(header.onnx.offset, header.onnx.offset + header.onnx.length) };
  }
  const layers: DenseLayer[] = header.layers.map((l, i) => {
    check(l.kernel, `layer ${i} kernel`);
    check(l.bias, `layer ${i} bias`);
    return {
      inputs: l.inputs, units: l.units, activation: l.activation,
      kernel: readFloats(payload, l.kernel, l.inputs * l.units, `layer ${i} kernel`),
      bias: readFloats(payload, l.bias, l.units, `layer ${i} bias`),
    };
  });
  return { ...common, runtime: "tfjs", kind: header.kind, network: { layers }, training: header.training as TrainingRecord | null };
}
