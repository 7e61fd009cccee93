import { quoteIdent } from "../data/sql";
import { crossKind, hashKind, oneHotKind } from "./categorical";
import { datePartsKind } from "./dates";
import type { TransformSpec, TransformType } from "./definition";
import { FeatureError } from "./errors";
import { bucketizeKind, imputeKind, logKind, minMaxKind, standardizeKind } from "./numeric";
import type { OutputColumn, TransformKind } from "./transform-kind";
import type { Slot, ValueKind } from "./values";

/**
 * Resolving a definition's names, shared by fitting, the offline transform
 * and the online one, so all three read the same inputs. Transforms run in
 * order; a name refers to the latest thing called that (a transform named
 * like a column replaces it for the transforms after it), and only
 * single-output transforms can feed another.
 */
export const TRANSFORM_KINDS: { [T in TransformType]: TransformKind<Extract<TransformSpec, { type: T }>, unknown> } = {
  impute: imputeKind as TransformKind<Extract<TransformSpec, { type: "impute" }>, unknown>,
  standardize: standardizeKind as TransformKind<Extract<TransformSpec, { type: "standardize" }>, unknown>,
  minMax: minMaxKind as TransformKind<Extract<TransformSpec, { type: "minMax" }>, unknown>,
  log: logKind as TransformKind<Extract<TransformSpec, { type: "log" }>, unknown>,
  bucketize: bucketizeKind as TransformKind<Extract<TransformSpec, { type: "bucketize" }>, unknown>,
  oneHot: oneHotKind as TransformKind<Extract<TransformSpec, { type: "oneHot" }>, unknown>,
  dateParts: datePartsKind as TransformKind<Extract<TransformSpec, { type: "dateParts" }>, unknown>,
  hash: hashKind as TransformKind<Extract<TransformSpec, { type: "hash" }>, unknown>,
  cross: crossKind as TransformKind<Extract<TransformSpec, { type: "cross" }>, unknown>,
};

/**
 * The kind implementing a transform spec, typed loosely (the spec picks it).
 * @example
 * kindOf(spec).outputs(spec, params, ["float"]);
 */
export function kindOf(spec: TransformSpec): TransformKind<TransformSpec, unknown> {
  return TRANSFORM_KINDS[spec.type] as TransformKind<TransformSpec, unknown>;
}

/** A slot plus the name it is known by, and whether it is a raw column of the data. */
export interface NamedSlot extends Slot {
  name: string;
  fromColumn: boolean;
}

/**
 * The names visible to transforms as they run: dataset columns first, then
 * each single-output transform's output.
 */
export class SlotScope {
  private readonly slots = new Map<string, NamedSlot>();
  private readonly multi = new Set<string>();

  /**
   * A scope over raw input columns.
   * @example
   * const scope = SlotScope.ofColumns([{ name: "age", type: "BIGINT", kind: "integer" }]);
   */
  static ofColumns(columns: readonly { name: string; type: string; kind: ValueKind | null }[]): SlotScope {
    const scope = new SlotScope();
    for (const c of columns) if (c.kind !== null) scope.slots.set(c.name, { name: c.name, ref: quoteIdent(c.name), type: c.type, kind: c.kind, fromColumn: true });
    return scope;
  }

  /**
   * The slots a transform reads, checked against the kinds it accepts.
   * @example
   * const [age] = scope.inputsOf(spec, 0, columnNames);
   */
  inputsOf(spec: TransformSpec, index: number, knownColumns: ReadonlySet<string>): NamedSlot[] {
    const names = inputNames(spec);
    const label = `transforms[${index}] (${spec.type} "${spec.name}")`;
    const accepted = kindOf(spec).accepts(spec);
    return names.map((name) => {
      const slot = this.slots.get(name);
      if (!slot) {
        const why = this.multi.has(name)
          ? `"${name}" has several outputs and cannot be an input`
          : knownColumns.has(name)
            ? `column "${name}" has a type features cannot use`
            : `no column or earlier transform is called "${name}"`;
        throw new FeatureError("schema_mismatch", `${label}: ${why}`, { transform: spec.name, column: name });
      }
      if (!accepted.includes(slot.kind)) {
        throw new FeatureError("schema_mismatch", `${label}: "${name}" is ${slot.kind} (${slot.type}); ${spec.type} takes ${accepted.join(", ")}`, {
          transform: spec.name, column: name, kind: slot.kind,
        });
      }
      return slot;
    });
  }

  /**
   * Makes a transform's outputs visible under its name (single output) or marks the name as not an input.
   * @example
   * scope.define(spec, 0, outputs);
   */
  define(spec: TransformSpec, index: number, outputs: readonly OutputColumn[]): NamedSlot[] {
    const slots = outputs.map((o, j) => ({ name: o.name, ref: quoteIdent(slotColumn(index, j)), type: o.type, kind: o.kind, fromColumn: false }));
    if (hasSingleOutput(spec)) {
      this.slots.set(spec.name, { ...slots[0]!, name: spec.name });
      this.multi.delete(spec.name);
    } else {
      this.slots.delete(spec.name);
      this.multi.add(spec.name);
    }
    return slots;
  }
}

/**
 * Whether a transform has one output, which later transforms may read by its name.
 * @example
 * hasSingleOutput({ type: "oneHot", … }); // false
 */
export function hasSingleOutput(spec: TransformSpec): boolean {
  return spec.type !== "oneHot" && spec.type !== "dateParts";
}

/**
 * The input names of a transform (cross has several).
 * @example
 * inputNames({ type: "cross", name: "c", inputs: ["a", "b"], buckets: 10, emit: true }); // ["a", "b"]
 */
export function inputNames(spec: TransformSpec): string[] {
  return spec.type === "cross" ? spec.inputs : [spec.input];
}

/**
 * The internal column holding output j of transform i in the staged relation.
 * @example
 * slotColumn(2, 0); // "__tb_s2_0"
 */
export function slotColumn(index: number, output: number): string {
  return `__tb_s${index}_${output}`;
}

/**
 * The relation every stage builds on: the table with its row position, so
 * the result keeps the input's row order.
 * @example
 * baseRelation(ds.table); // '(SELECT rowid AS __tb_row, * FROM ds_1a2b) AS s0'
 */
export function baseRelation(table: string): string {
  return `(SELECT rowid AS __tb_row, * FROM ${table}) AS s0`;
}

/**
 * Adds one transform's outputs to the staged relation, each cast to its
 * output type. One subquery per transform: a later transform reads an
 * earlier output by column name instead of repeating its expression.
 * @example
 * relation = stageRelation(relation, 0, ["(x - 1) / 2"], outputs, slots);
 */
export function stageRelation(relation: string, index: number, exprs: readonly string[], outputs: readonly OutputColumn[], slots: readonly Slot[]): string {
  const added = exprs.map((e, j) => `CAST(${e} AS ${outputs[j]!.type}) AS ${slots[j]!.ref}`);
  return `(SELECT *, ${added.join(", ")} FROM ${relation}) AS s${index + 1}`;
}
