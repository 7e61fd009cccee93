import { z } from "zod";

/**
 * Declared schema contracts. A contract is plain JSON (cells write it as an
 * object literal; it is stored as a lineage facet), parsed with zod so a typo
 * in a rule name fails loudly instead of checking nothing.
 */
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const bound = z.union([z.number(), z.string()]);

export const columnRuleSchema = z.object({
  /** Values must be of (or, in a text column, parse as) this type. */
  type: z.enum(["integer", "number", "string", "boolean", "date", "timestamp"]).optional(),
  /** false: no nulls allowed. Default true. */
  nullable: z.boolean().optional(),
  /** Inclusive bounds; strings compare as the column's own type (dates, timestamps). */
  min: bound.optional(),
  max: bound.optional(),
  allowed: z.array(scalar).min(1).optional(),
  /** RE2 pattern the whole value must match. */
  regex: z.string().min(1).optional(),
  unique: z.boolean().optional(),
  /** Fraction of checked values that must pass each rule of this column. Default 1. */
  mostly: z.number().min(0).max(1).optional(),
}).strict();

export const contractSchema = z.object({
  columns: z.record(z.string(), columnRuleSchema),
  /** false: columns the contract does not name are a schema mismatch. Default true. */
  allowExtraColumns: z.boolean().optional(),
}).strict();

export type ColumnRule = z.infer<typeof columnRuleSchema>;
export type Contract = z.infer<typeof contractSchema>;

/**
 * Checks a contract's shape, throwing zod's issues (with paths) when wrong.
 * @example
 * const contract = parseContract({
 *   columns: { age: { type: "integer", nullable: false, min: 0, max: 130, mostly: 0.99 },
 *              email: { regex: "[^@]+@[^@]+", unique: true } },
 * });
 */
export function parseContract(input: unknown): Contract {
  return contractSchema.parse(input);
}
