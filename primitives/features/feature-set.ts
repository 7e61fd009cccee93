import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { z } from "zod";
import { assertUniqueOutputs } from "./categorical";
import { featureDefinitionSchema, type FeatureDefinition } from "./definition";
import { FeatureError } from "./errors";
import { kindOf, SlotScope } from "./plan";
import type { TransformSpec } from "./definition";
import type { OutputColumn, OutputType } from "./transform-kind";
import type { ValueKind } from "./values";

/**
 * A fitted feature set: the definition, the parameters fitted on training
 * data, and what it reads and writes. Immutable and content-addressed: its
 * version is the sha256 of its canonical JSON (RFC 8785), which is also its
 * artifact id, so the same fit always has the same version and a stored
 * version can never change.
 */
declare const versionBrand: unique symbol;
/** sha256 (64 hex digits) of the feature set's canonical JSON. */
export type FeatureSetVersion = string & { readonly [versionBrand]: "FeatureSetVersion" };

export const FEATURE_SET_FORMAT = "tracebook.feature-set/1";

const valueKind = z.enum(["integer", "float", "string", "boolean", "date", "timestamp"]);
const outputType = z.enum(["DOUBLE", "INTEGER", "BIGINT", "VARCHAR", "BOOLEAN"]);

export const featureSetDocumentSchema = z.strictObject({
  format: z.literal(FEATURE_SET_FORMAT),
  definition: featureDefinitionSchema,
  /** The raw columns the transforms read, with their type at fit time. */
  inputs: z.array(z.strictObject({ name: z.string(), type: z.string(), kind: valueKind })),
  /** Passthrough columns with their type at fit time. */
  passthrough: z.array(z.strictObject({ name: z.string(), type: z.string() })),
  /** Fitted parameters, one per transform, in order. */
  params: z.array(z.unknown()),
  /** The feature columns a transform produces (passthrough columns come first, not listed here). */
  outputs: z.array(z.strictObject({ name: z.string(), type: outputType })),
  fittedOn: z.strictObject({ datasetId: z.string(), contentHash: z.string(), rowCount: z.int().min(0) }),
});

export type FeatureSetDocument = z.infer<typeof featureSetDocumentSchema>;

/** Brands, not instanceof: the sandbox hands FeatureSets around as handles, and module copies differ. */
const FEATURE_SET = Symbol.for("tracebook.FeatureSet");

export class FeatureSet {
  readonly [FEATURE_SET] = true;
  readonly version: FeatureSetVersion;
  readonly name: string;
  readonly definition: FeatureDefinition;
  readonly inputs: readonly { name: string; type: string; kind: ValueKind }[];
  readonly params: readonly unknown[];
  readonly outputs: readonly { name: string; type: OutputType }[];
  /** The transforms resolved once: what each reads (by name) and writes. */
  readonly steps: readonly ResolvedStep[];
  /** The canonical JSON whose sha256 is the version: what the artifact store holds. */
  readonly canonicalJson: string;
  /** The whole document (frozen). */
  readonly document: FeatureSetDocument;

  private constructor(document: FeatureSetDocument, canonicalJson: string, steps: ResolvedStep[]) {
    this.document = document;
    this.steps = steps;
    this.canonicalJson = canonicalJson;
    this.version = createHash("sha256").update(canonicalJson, "utf8").digest("hex") as FeatureSetVersion;
    this.name = document.definition.name;
    this.definition = document.definition;
    this.inputs = document.inputs;
    this.params = document.params;
    this.outputs = document.outputs;
    Object.freeze(this);
  }

  /**
   * Builds a feature set from its document, checking it whole: shape, each
   * transform's parameters, and that the outputs follow from them. Fitting
   * builds through here too, so in-memory and stored sets are the same bits.
   * @example
   * const fs = FeatureSet.fromDocument(JSON.parse(text));
   */
  static fromDocument(input: unknown): FeatureSet {
    const parsed = featureSetDocumentSchema.safeParse(input);
    if (!parsed.success) {
      throw new FeatureError("corrupt_artifact", `not a feature set: ${parsed.error.issues.map((i) => `${i.path.join(".") || "document"}: ${i.message}`).join("; ")}`);
    }
    const json = canonicalize(parsed.data);
    if (json === undefined) throw new FeatureError("corrupt_artifact", "the feature set does not serialize to JSON");
    // Read back from the canonical text, so the parameters in memory are exactly
    // the stored ones (JSON has no -0, for one).
    const document = deepFreeze(featureSetDocumentSchema.parse(JSON.parse(json)));
    return new FeatureSet(document, json, resolveSteps(document));
  }

  /**
   * Every column a transformed dataset has: passthrough first, then features.
   * @example
   * fs.columns(); // ["user_id", "age_z", "country=FR", "country=<unknown>"]
   */
  columns(): string[] {
    return [...this.document.passthrough.map((p) => p.name), ...this.outputs.map((o) => o.name)];
  }

  /**
   * Plain JSON: the whole document plus its version.
   * @example
   * fs.toJSON().version; // "9f2c…"
   */
  toJSON(): FeatureSetDocument & { kind: "FeatureSet"; version: FeatureSetVersion } {
    return { kind: "FeatureSet", version: this.version, ...(JSON.parse(this.canonicalJson) as FeatureSetDocument) };
  }
}

/**
 * Whether a value is a FeatureSet (by brand, so it works across module copies).
 * @example
 * if (!isFeatureSet(value)) throw new TypeError("expected a FeatureSet");
 */
export function isFeatureSet(value: unknown): value is FeatureSet {
  return typeof value === "object" && value !== null && (value as { [FEATURE_SET]?: unknown })[FEATURE_SET] === true;
}

/** One transform of a fitted set, resolved. */
export interface ResolvedStep {
  spec: TransformSpec;
  params: unknown;
  /** Names read: raw inputs or earlier single-output transforms. */
  inputs: readonly string[];
  outputs: readonly OutputColumn[];
}

/**
 * Checks that parameters fit each transform's schema and that the outputs
 * follow from the definition and the parameters; returns the resolved steps.
 */
function resolveSteps(doc: FeatureSetDocument): ResolvedStep[] {
  const transforms = doc.definition.transforms;
  if (doc.params.length !== transforms.length) throw new FeatureError("corrupt_artifact", `${transforms.length} transforms but ${doc.params.length} parameter sets`);
  const scope = SlotScope.ofColumns(doc.inputs);
  const known = new Set(doc.inputs.map((i) => i.name));
  const outputs: { name: string; type: OutputType }[] = [];
  const steps = transforms.map((spec, i) => {
    const kind = kindOf(spec);
    const params = kind.params.safeParse(doc.params[i]);
    if (!params.success) throw new FeatureError("corrupt_artifact", `transforms[${i}] (${spec.type} "${spec.name}"): bad parameters`);
    const inputs = scope.inputsOf(spec, i, known);
    const columns = kind.outputs(spec, params.data, inputs.map((s) => s.kind));
    scope.define(spec, i, columns);
    if (spec.emit) outputs.push(...columns.map((c) => ({ name: c.name, type: c.type })));
    return { spec, params: params.data, inputs: inputs.map((s) => s.name), outputs: columns };
  });
  assertUniqueOutputs([...doc.passthrough.map((p) => p.name), ...outputs.map((o) => o.name)]);
  if (canonicalize(outputs) !== canonicalize(doc.outputs)) throw new FeatureError("corrupt_artifact", "the listed outputs do not follow from the transforms");
  return steps;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
