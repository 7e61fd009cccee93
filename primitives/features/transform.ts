import type { DataEngine } from "../data/engine";
import type { Dataset } from "../data/dataset";
import { quoteIdent } from "../data/sql";
import { FeatureError } from "./errors";
import type { FeatureSet } from "./feature-set";
import { assertNoReservedColumns } from "./fit";
import { ensureFeatureFunctions } from "./functions";
import { baseRelation, hasSingleOutput, kindOf, SlotScope, stageRelation } from "./plan";
import type { InputValues } from "./transform-kind";
import { readValue, kindOfColumn, type FeatureValue } from "./values";

/**
 * Applying a fitted FeatureSet. `transformDataset` runs offline in DuckDB
 * over a whole Dataset; `transformRecord` computes the same values for one
 * JS record (online serving). Both walk the same resolved transforms with
 * the same parameters, and each transform kind keeps its SQL and JS side by
 * side (see transform-kind.ts): the results are identical, bit for bit.
 */

/**
 * Transforms a dataset into a new Dataset: passthrough columns, then every
 * emitted feature, rows in the input's order.
 * @example
 * const features = await transformDataset(engine, fs, batch);
 * features.columns.map((c) => c.name); // ["user_id", "age_z", "plan=pro", "plan=<unknown>", …]
 */
export async function transformDataset(engine: DataEngine, featureSet: FeatureSet, dataset: Dataset): Promise<Dataset> {
  ensureFeatureFunctions(engine);
  assertNoReservedColumns(dataset);
  const missing = [...featureSet.inputs.map((i) => i.name), ...featureSet.document.passthrough.map((p) => p.name)].filter((n) => !dataset.column(n));
  if (missing.length > 0) {
    throw new FeatureError("schema_mismatch", `feature set "${featureSet.name}" needs column(s) the dataset lacks: ${[...new Set(missing)].join(", ")}`, { columns: [...new Set(missing)] });
  }
  const columns = featureSet.inputs.map((fitted) => {
    const column = dataset.column(fitted.name)!;
    const kind = kindOfColumn(column);
    if (kind !== fitted.kind) {
      throw new FeatureError("schema_mismatch", `column "${fitted.name}" is ${kind ?? column.type} (${column.type}) but was ${fitted.kind} (${fitted.type}) when "${featureSet.name}" was fitted`, { column: fitted.name });
    }
    return { name: column.name, type: column.type, kind };
  });
  const scope = SlotScope.ofColumns(columns);
  const known = new Set(columns.map((c) => c.name));
  const selected = featureSet.document.passthrough.map((p) => quoteIdent(p.name));
  let relation = baseRelation(dataset.table);
  featureSet.steps.forEach((step, i) => {
    // The scope resolves names to this dataset's columns (their types pick the SQL, e.g. TIMESTAMPTZ).
    const slots = scope.inputsOf(step.spec, i, known);
    const defined = scope.define(step.spec, i, step.outputs);
    relation = stageRelation(relation, i, kindOf(step.spec).sql(step.spec, step.params, slots), step.outputs, defined);
    if (step.spec.emit) selected.push(...defined.map((slot, j) => `${slot.ref} AS ${quoteIdent(step.outputs[j]!.name)}`));
  });
  return engine.materialize(`SELECT ${selected.join(", ")} FROM ${relation} ORDER BY __tb_row`);
}

/** One transformed record: passthrough values as given, then the features. */
export type FeatureRecord = Record<string, FeatureValue>;

/**
 * Transforms one record (plain JSON, e.g. an online request) with the same
 * parameters and arithmetic as the offline path. Missing fields are an
 * error (null is a value); temporal inputs take a Date or ISO text.
 * @example
 * transformRecord(fs, { user_id: 7, age: null, plan: "pro", signup_at: "2024-03-05T10:00:00Z", churned: false });
 * // { user_id: 7, churned: false, age_z: 0.12…, "plan=pro": 1, "plan=<unknown>": 0, signup_month: 3, signup_dayOfWeek: 2 }
 */
export function transformRecord(featureSet: FeatureSet, record: Readonly<Record<string, unknown>>): FeatureRecord {
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    throw new FeatureError("invalid_record", "a record must be a plain object of field values");
  }
  const needed = [...featureSet.document.passthrough.map((p) => p.name), ...featureSet.inputs.map((i) => i.name)];
  const missing = [...new Set(needed.filter((n) => !Object.hasOwn(record, n) || record[n] === undefined))];
  if (missing.length > 0) throw new FeatureError("invalid_record", `the record lacks field(s): ${missing.join(", ")}`, { fields: missing });
  const values = new Map<string, FeatureValue>();
  for (const input of featureSet.inputs) values.set(input.name, readValue(record[input.name], input.kind, input.name));
  const out: FeatureRecord = {};
  for (const p of featureSet.document.passthrough) out[p.name] = passthroughValue(record[p.name], p.name);
  for (const step of featureSet.steps) {
    const results = kindOf(step.spec).apply(step.spec, step.params, step.inputs.map((name) => values.get(name) ?? null) as unknown as InputValues);
    // Same naming as the offline scope: a single output replaces the name for later transforms.
    if (hasSingleOutput(step.spec)) values.set(step.spec.name, results[0]!);
    else values.delete(step.spec.name);
    if (step.spec.emit) step.outputs.forEach((column, j) => (out[column.name] = results[j]!));
  }
  return out;
}

function passthroughValue(raw: unknown, field: string): FeatureValue {
  if (raw === null || typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") return raw;
  throw new FeatureError("invalid_record", `passthrough field "${field}" must be a string, number, boolean or null`, { field });
}
