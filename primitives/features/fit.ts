import type { DataEngine } from "../data/engine";
import type { Dataset } from "../data/dataset";
import { assertUniqueOutputs } from "./categorical";
import { parseFeatureDefinition } from "./definition";
import { FeatureError } from "./errors";
import { FEATURE_SET_FORMAT, FeatureSet, type FeatureSetDocument } from "./feature-set";
import { ensureFeatureFunctions } from "./functions";
import { baseRelation, kindOf, SlotScope, stageRelation } from "./plan";
import { kindOfColumn } from "./values";

/**
 * Fits a feature definition on training data: each transform's parameters
 * (means, scales, ranges, vocabularies, bucket edges) are computed in DuckDB
 * over the outputs of the transforms before it, in order. The result is an
 * immutable, versioned FeatureSet; store it with `saveFeatureSet`.
 * @example
 * const fs = await fitFeatureSet(engine, {
 *   name: "churn",
 *   passthrough: ["user_id", "churned"],
 *   transforms: [
 *     { type: "impute", name: "age", input: "age", strategy: "median" },
 *     { type: "standardize", name: "age_z", input: "age" },
 *     { type: "oneHot", name: "plan", input: "plan", maxCategories: 10 },
 *     { type: "dateParts", name: "signup", input: "signup_at", parts: ["month", "dayOfWeek"] },
 *   ],
 * }, train);
 * fs.version; // "3f9a…" (sha256 of the fitted set)
 */
export async function fitFeatureSet(engine: DataEngine, definition: unknown, dataset: Dataset): Promise<FeatureSet> {
  const def = parseFeatureDefinition(definition);
  ensureFeatureFunctions(engine);
  assertNoReservedColumns(dataset);
  const passthrough = def.passthrough.map((name) => {
    const column = dataset.column(name);
    if (!column) throw new FeatureError("schema_mismatch", `passthrough column "${name}" is not in the dataset`, { column: name });
    return { name, type: column.type };
  });
  const columns = dataset.columns.map((c) => ({ name: c.name, type: c.type, kind: kindOfColumn(c) }));
  const known = new Set(columns.map((c) => c.name));
  const scope = SlotScope.ofColumns(columns);
  const inputs = new Map<string, FeatureSetDocument["inputs"][number]>();
  const params: unknown[] = [];
  const outputs: FeatureSetDocument["outputs"] = [];
  let relation = baseRelation(dataset.table);
  for (const [i, spec] of def.transforms.entries()) {
    const kind = kindOf(spec);
    const slots = scope.inputsOf(spec, i, known);
    for (const s of slots) if (s.fromColumn) inputs.set(s.name, { name: s.name, type: s.type, kind: s.kind });
    const fitted = await kind.fit(spec, slots, { engine, relation, label: `transforms[${i}] (${spec.type} "${spec.name}")` });
    const columnsOut = kind.outputs(spec, fitted, slots.map((s) => s.kind));
    const defined = scope.define(spec, i, columnsOut);
    relation = stageRelation(relation, i, kind.sql(spec, fitted, slots), columnsOut, defined);
    params.push(fitted);
    if (spec.emit) outputs.push(...columnsOut.map((c) => ({ name: c.name, type: c.type })));
  }
  assertUniqueOutputs([...passthrough.map((p) => p.name), ...outputs.map((o) => o.name)]);
  return FeatureSet.fromDocument({
    format: FEATURE_SET_FORMAT,
    definition: def,
    inputs: [...inputs.values()],
    passthrough,
    params,
    outputs,
    fittedOn: { datasetId: dataset.id, contentHash: dataset.contentHash, rowCount: dataset.rowCount },
  } satisfies FeatureSetDocument);
}

/**
 * Refuses datasets with columns named like the internal stage columns.
 * @example
 * assertNoReservedColumns(ds);
 */
export function assertNoReservedColumns(dataset: Dataset): void {
  const reserved = dataset.columns.filter((c) => c.name.startsWith("__tb_")).map((c) => c.name);
  if (reserved.length > 0) throw new FeatureError("schema_mismatch", `column names starting with __tb_ are reserved: ${reserved.join(", ")}`, { columns: reserved });
}
