/**
 * Hyperparameter spaces: for grid search, a list of values per option
 * (every combination is tried, in key order); for random search, a list
 * (picked uniformly) or a distribution per option, sampled from a seed.
 */
import { z } from "zod";
import type { JsonValue } from "../data/errors";
import { TrainError } from "./errors";
import { invalidOptions, trainOptionsSchema } from "./options";
import type { Random } from "./random";

const jsonValue: z.ZodType<JsonValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]));

const distributionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("uniform"), min: z.number(), max: z.number() }).strict(),
  z.object({ type: z.literal("logUniform"), min: z.number().gt(0), max: z.number().gt(0) }).strict(),
  z.object({ type: z.literal("int"), min: z.int(), max: z.int() }).strict(),
  z.object({ type: z.literal("choice"), values: z.array(jsonValue).min(1) }).strict(),
]);

export const searchSpaceSchema = z.record(z.string(), z.union([z.array(jsonValue).min(1), distributionSchema]));

export type Distribution = z.infer<typeof distributionSchema>;
export type SearchSpace = z.infer<typeof searchSpaceSchema>;
export type Params = { [name: string]: JsonValue };

/** Options that name data, not hyperparameters. */
const NOT_SEARCHABLE = new Set(["target", "features", "name"]);

/** Grid searches larger than this are refused: narrow the lists or use random search. */
export const MAX_GRID = 1000;

/**
 * Checks a space: known, searchable option names and well-formed ranges.
 * @example
 * parseSpace({ learningRate: { type: "logUniform", min: 1e-4, max: 1e-1 }, hidden: [[16], [32, 16]] });
 */
export function parseSpace(raw: unknown): SearchSpace {
  const parsed = searchSpaceSchema.safeParse(raw);
  if (!parsed.success) throw invalidOptions("search space", parsed.error);
  const space = parsed.data;
  const known = Object.keys(trainOptionsSchema.shape).filter((k) => !NOT_SEARCHABLE.has(k));
  const names = Object.keys(space);
  if (names.length === 0) throw new TrainError("invalid_argument", "the search space is empty; give at least one option to vary");
  for (const name of names) {
    if (!known.includes(name)) {
      throw new TrainError("invalid_argument", `${JSON.stringify(name)} is not a hyperparameter that can be searched; searchable: ${known.join(", ")}`, { name });
    }
    const entry = space[name]!;
    if (!Array.isArray(entry) && entry.type !== "choice" && entry.min > entry.max) {
      throw new TrainError("invalid_argument", `space.${name}: min ${entry.min} is above max ${entry.max}`, { name });
    }
  }
  return space;
}

/**
 * Every combination of the lists (grid search), in key order, last key fastest.
 * @example
 * expandGrid({ a: [1, 2], b: ["x", "y"] }); // [{a:1,b:"x"}, {a:1,b:"y"}, {a:2,b:"x"}, {a:2,b:"y"}]
 */
export function expandGrid(space: SearchSpace): Params[] {
  const entries = Object.entries(space).map(([name, entry]) => {
    if (Array.isArray(entry)) return [name, entry] as const;
    if (entry.type === "choice") return [name, entry.values] as const;
    throw new TrainError("invalid_argument", `grid search takes a list of values per option; space.${name} is a ${entry.type} distribution (use strategy "random")`, { name });
  });
  const size = entries.reduce((n, [, values]) => n * values.length, 1);
  if (size > MAX_GRID) throw new TrainError("invalid_argument", `the grid has ${size} combinations, over ${MAX_GRID}; narrow the lists or use random search`, { size });
  let grid: Params[] = [{}];
  for (const [name, values] of entries) grid = grid.flatMap((params) => values.map((value) => ({ ...params, [name]: value })));
  return grid;
}

function sample(entry: JsonValue[] | Distribution, random: Random): JsonValue {
  if (Array.isArray(entry)) return entry[random.int(entry.length)]!;
  switch (entry.type) {
    case "choice":
      return entry.values[random.int(entry.values.length)]!;
    case "uniform":
      return entry.min + random.next() * (entry.max - entry.min);
    case "logUniform":
      return Math.exp(Math.log(entry.min) + random.next() * (Math.log(entry.max) - Math.log(entry.min)));
    case "int":
      return entry.min + random.int(entry.max - entry.min + 1);
  }
}

/**
 * `count` random configurations (random search).
 * @example
 * sampleSpace({ dropout: { type: "uniform", min: 0, max: 0.5 } }, 3, createRandom(1));
 */
export function sampleSpace(space: SearchSpace, count: number, random: Random): Params[] {
  return Array.from({ length: count }, () => Object.fromEntries(Object.entries(space).map(([name, entry]) => [name, sample(entry, random)])));
}
