/**
 * Models as artifacts: saving writes the model file into the
 * content-addressed artifact store (the same model always gets the same
 * artifact id); loading reads it back into a model. The fitted FeatureSet
 * goes along as its JSON blob; the live transform is restored only when the
 * caller passes a reviver (the FeatureSet module's).
 */
import type { ArtifactId, ArtifactStore } from "../artifacts/store";
import { parseArtifactId } from "../artifacts/store";
import type { JsonValue } from "../data/errors";
import { ModelError } from "./errors";
import { createNetworkModel, createOnnxModel, type FeatureSetRef, type Model } from "./model";
import { decodeModelFile, encodeModelFile } from "./model-file";
import { createOnnxSession } from "./onnx-session";

/** Stored models larger than this are refused on load (1 GiB). */
export const MAX_MODEL_BYTES = 1024 ** 3;

export interface SavedModel {
  artifactId: ArtifactId;
  size: number;
  modelId: string;
}

export interface LoadModelOptions {
  /** Rebuilds the live transform of a stored FeatureSet blob. */
  reviveFeatureSet?: (json: JsonValue) => FeatureSetRef["transform"];
}

/**
 * The model file bytes of a model.
 * @example
 * const bytes = modelToBytes(model);
 */
export function modelToBytes(model: Model): Uint8Array {
  const common = { task: model.task, features: model.features, target: model.target, classes: model.classes, featureSet: model.featureSet };
  return model.runtime === "tfjs"
    ? encodeModelFile({ ...common, runtime: "tfjs", kind: model.kind, network: model.network, training: model.training })
    : encodeModelFile({ ...common, runtime: "onnx", input: model.input, output: model.output, onnx: model.bytes });
}

/**
 * A model from model file bytes.
 * @example
 * const model = await modelFromBytes(bytes);
 */
export async function modelFromBytes(bytes: Uint8Array, options: LoadModelOptions = {}): Promise<Model> {
  const content = decodeModelFile(bytes);
  const featureSet = content.featureSet && options.reviveFeatureSet
    ? { json: content.featureSet.json, transform: options.reviveFeatureSet(content.featureSet.json) }
    : content.featureSet;
  const common = { task: content.task, features: content.features, target: content.target, classes: content.classes, featureSet };
  try {
    if (content.runtime === "tfjs") return createNetworkModel({ ...common, kind: content.kind, network: content.network, training: content.training });
    const session = await createOnnxSession(content.onnx);
    return createOnnxModel({ ...common, bytes: content.onnx, session, input: content.input, output: content.output });
  } catch (error) {
    if (error instanceof ModelError) throw error;
    throw new ModelError("invalid_artifact", `not a readable Tracebook model: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Saves a model as an artifact.
 * @example
 * const { artifactId } = await saveModel(services.artifacts, model);
 */
export async function saveModel(store: ArtifactStore, model: Model): Promise<SavedModel> {
  const { id, size } = await store.put(modelToBytes(model));
  return { artifactId: id, size, modelId: model.id };
}

/**
 * Loads a saved model by its artifact id.
 * @example
 * const model = await loadModel(services.artifacts, artifactId);
 */
export async function loadModel(store: ArtifactStore, artifactId: string, options: LoadModelOptions = {}): Promise<Model> {
  return modelFromBytes(await readArtifactBytes(store, artifactId, MAX_MODEL_BYTES), options);
}

/**
 * A whole artifact in memory, refused past `maxBytes` before any is read.
 * @example
 * const bytes = await readArtifactBytes(store, id, MAX_MODEL_BYTES);
 */
export async function readArtifactBytes(store: ArtifactStore, artifactId: string, maxBytes: number): Promise<Uint8Array> {
  const id = parseArtifactId(artifactId);
  const info = await store.stat(id);
  if (info === null) throw new ModelError("invalid_artifact", `no artifact ${id}`);
  if (info.size > maxBytes) throw new ModelError("too_large", `artifact ${id} has ${info.size} bytes, over the ${maxBytes}-byte limit`);
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(id)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
