import { text } from "node:stream/consumers";
import { ArtifactNotFoundError, InvalidArtifactIdError, type ArtifactStore } from "../artifacts/store";
import { FeatureError } from "./errors";
import { FeatureSet, type FeatureSetVersion } from "./feature-set";

/**
 * FeatureSets in the artifact store. The stored bytes are the set's
 * canonical JSON, so the artifact id (sha256 of the bytes) is the version.
 */
const MAX_FEATURE_SET_BYTES = 64 * 1024 * 1024;

/**
 * Stores a fitted set; storing the same set again is a no-op with the same id.
 * @example
 * const fs = await fitFeatureSet(engine, def, train);
 * await saveFeatureSet(artifacts, fs); // fs.version is now loadable anywhere
 */
export async function saveFeatureSet(artifacts: ArtifactStore, featureSet: FeatureSet): Promise<FeatureSetVersion> {
  const info = await artifacts.put(new TextEncoder().encode(featureSet.canonicalJson), { maxBytes: MAX_FEATURE_SET_BYTES });
  if ((info.id as string) !== featureSet.version) throw new Error(`artifact id ${info.id} is not the feature set's version ${featureSet.version}`);
  return featureSet.version;
}

/**
 * Loads a stored set by version, checking it whole (shape, parameters, outputs, hash).
 * @example
 * const fs = await loadFeatureSet(artifacts, "3f9a…");
 * transformRecord(fs, request);
 */
export async function loadFeatureSet(artifacts: ArtifactStore, version: string): Promise<FeatureSet> {
  let json: string;
  try {
    json = await text(await artifacts.get(version));
  } catch (error) {
    if (error instanceof ArtifactNotFoundError || error instanceof InvalidArtifactIdError) {
      throw new FeatureError("not_found", `no feature set with version ${JSON.stringify(version.slice(0, 80))}`, { version: version.slice(0, 80) });
    }
    throw error;
  }
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    throw new FeatureError("corrupt_artifact", `artifact ${version} is not JSON`);
  }
  const featureSet = FeatureSet.fromDocument(document);
  if (featureSet.version !== version) throw new FeatureError("corrupt_artifact", `artifact ${version} holds a feature set whose version is ${featureSet.version}`);
  return featureSet;
}
