/**
 * Training options: the schema cells' plain objects are checked against
 * (unknown keys refused, so a typo is not silently ignored), the defaults,
 * and the options each model kind accepts.
 */
import { z } from "zod";
import type { JsonValue } from "../data/errors";
import { HIDDEN_ACTIVATIONS, type HiddenActivation } from "../models/network";
import type { ModelKind } from "../models/model";
import { TrainError } from "./errors";
import type { ClassWeightsSpec } from "./labels";
import { OPTIMIZERS, type OptimizerName } from "./optimizer";
import { pickSeed } from "./random";
import type { LearningRateSchedule } from "./schedule";

const scheduleSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("constant") }).strict(),
  z.object({ type: z.literal("step"), every: z.int().min(1), gamma: z.number().gt(0).max(1) }).strict(),
  z.object({ type: z.literal("exponential"), gamma: z.number().gt(0).max(1) }).strict(),
  z.object({ type: z.literal("cosine"), minLearningRate: z.number().min(0).optional() }).strict(),
]);

export const SOLVERS = ["lbfgs", "minibatch"] as const;
export type Solver = (typeof SOLVERS)[number];

export const trainOptionsSchema = z.object({
  /** The column to predict (datasets only). */
  target: z.string().min(1).optional(),
  /** Feature columns (datasets only); default: every column but the target. */
  features: z.array(z.string().min(1)).min(1).optional(),
  hidden: z.array(z.int().min(1).max(4096)).min(1).max(16).optional(),
  activation: z.enum(HIDDEN_ACTIVATIONS as [HiddenActivation, ...HiddenActivation[]]).optional(),
  dropout: z.number().min(0).lt(1).optional(),
  l2: z.number().min(0).optional(),
  /** lbfgs (full batch; models without hidden layers) or minibatch (the optimizer on shuffled batches). */
  solver: z.enum(SOLVERS).optional(),
  /** lbfgs: stop when the largest gradient component is at most this (scikit-learn's tol). */
  tol: z.number().gt(0).optional(),
  optimizer: z.enum(OPTIMIZERS as [OptimizerName, ...OptimizerName[]]).optional(),
  learningRate: z.number().gt(0).max(10).optional(),
  schedule: scheduleSchema.optional(),
  batchSize: z.int().min(1).max(1_000_000).optional(),
  epochs: z.int().min(1).max(100_000).optional(),
  validationSplit: z.number().gt(0).lt(1).optional(),
  earlyStopping: z.union([z.boolean(), z.object({ patience: z.int().min(1), minDelta: z.number().min(0).optional() }).strict()]).optional(),
  classWeights: z.union([z.literal("balanced"), z.record(z.string(), z.number().min(0))]).optional(),
  seed: z.int().min(0).max(2 ** 31 - 1).optional(),
  /** The tracked run's name. */
  name: z.string().min(1).max(200).optional(),
}).strict();

export type TrainOptions = z.input<typeof trainOptionsSchema>;

export interface ResolvedOptions {
  target: string | null;
  features: string[] | null;
  hidden: number[];
  activation: HiddenActivation;
  dropout: number;
  l2: number;
  solver: Solver;
  /** lbfgs's gradient tolerance (null with minibatch). */
  tol: number | null;
  optimizer: OptimizerName;
  learningRate: number;
  schedule: LearningRateSchedule;
  batchSize: number;
  epochs: number;
  validationSplit: number | null;
  earlyStopping: { patience: number; minDelta: number } | null;
  classWeights: ClassWeightsSpec | null;
  seed: number;
  name: string | null;
}

export const DEFAULTS = {
  mlpHidden: [32],
  activation: "relu",
  optimizer: "adam",
  learningRate: 0.01,
  batchSize: 32,
  epochs: 20,
  /** lbfgs: scikit-learn's max_iter and tol. */
  lbfgsEpochs: 100,
  tol: 1e-4,
  patience: 5,
} as const;

const MLP_ONLY = ["hidden", "activation", "dropout"] as const;
/** Options of the mini-batch solver only; giving one to a model without hidden layers picks that solver. */
const MINIBATCH_ONLY = ["optimizer", "learningRate", "schedule", "batchSize"] as const;

/**
 * Whether the kind has hidden layers.
 * @example
 * isMlp("mlpRegressor"); // true
 */
export function isMlp(kind: ModelKind): boolean {
  return kind === "mlpClassifier" || kind === "mlpRegressor";
}

/**
 * Whether the kind predicts classes.
 * @example
 * isClassifier("softmaxClassifier"); // true
 */
export function isClassifier(kind: ModelKind): boolean {
  return kind === "logisticRegression" || kind === "softmaxClassifier" || kind === "mlpClassifier";
}

/**
 * Turns zod's issues into one invalid_argument error naming each bad option.
 * @example
 * throw invalidOptions("train.mlpClassifier options", result.error);
 */
export function invalidOptions(what: string, error: z.ZodError): TrainError {
  const problems = error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(options)"}: ${issue.message}`);
  return new TrainError("invalid_argument", `${what}: ${problems.join("; ")}`, { problems });
}

/**
 * Checks `raw` against the schema and the kind, and fills in the defaults.
 * @example
 * resolveOptions("mlpClassifier", { target: "label", hidden: [16, 8], epochs: 10 });
 */
export function resolveOptions(kind: ModelKind, raw: unknown): ResolvedOptions {
  const parsed = trainOptionsSchema.safeParse(raw ?? {});
  if (!parsed.success) throw invalidOptions(`${kind} options`, parsed.error);
  const o = parsed.data;
  if (!isMlp(kind)) {
    const given = MLP_ONLY.filter((key) => o[key] !== undefined);
    if (given.length > 0) {
      const twin = isClassifier(kind) ? "mlpClassifier" : "mlpRegressor";
      throw new TrainError("invalid_argument", `${kind} has no hidden layers, so ${given.join(", ")} do not apply; use ${twin} for a network with hidden layers`, { options: [...given] });
    }
  }
  const solver = resolveSolver(kind, o);
  if (!isClassifier(kind) && o.classWeights !== undefined) {
    throw new TrainError("invalid_argument", `classWeights applies to classifiers, not ${kind}`, { options: ["classWeights"] });
  }
  const earlyStopping = o.earlyStopping === undefined || o.earlyStopping === false
    ? null
    : o.earlyStopping === true
      ? { patience: DEFAULTS.patience, minDelta: 0 }
      : { patience: o.earlyStopping.patience, minDelta: o.earlyStopping.minDelta ?? 0 };
  return {
    target: o.target ?? null,
    features: o.features ?? null,
    hidden: isMlp(kind) ? (o.hidden ?? [...DEFAULTS.mlpHidden]) : [],
    activation: o.activation ?? DEFAULTS.activation,
    dropout: o.dropout ?? 0,
    l2: o.l2 ?? 0,
    solver,
    tol: solver === "lbfgs" ? (o.tol ?? DEFAULTS.tol) : null,
    optimizer: o.optimizer ?? DEFAULTS.optimizer,
    learningRate: o.learningRate ?? DEFAULTS.learningRate,
    schedule: o.schedule ?? { type: "constant" },
    batchSize: o.batchSize ?? DEFAULTS.batchSize,
    epochs: o.epochs ?? (solver === "lbfgs" ? DEFAULTS.lbfgsEpochs : DEFAULTS.epochs),
    validationSplit: o.validationSplit ?? null,
    earlyStopping,
    classWeights: o.classWeights ?? null,
    seed: o.seed ?? pickSeed(),
    name: o.name ?? null,
  };
}

/**
 * The solver of a run: lbfgs for models without hidden layers unless a
 * mini-batch option is given (scikit-learn's default for these models), else minibatch.
 * @example
 * resolveSolver("logisticRegression", {}); // "lbfgs"
 * resolveSolver("logisticRegression", { learningRate: 0.1 }); // "minibatch"
 */
export function resolveSolver(kind: ModelKind, o: { solver?: Solver | undefined; tol?: number | undefined } & { [K in (typeof MINIBATCH_ONLY)[number]]?: unknown }): Solver {
  const minibatchOptions = MINIBATCH_ONLY.filter((key) => o[key] !== undefined);
  const solver = o.solver ?? (isMlp(kind) || minibatchOptions.length > 0 ? "minibatch" : "lbfgs");
  if (solver === "lbfgs" && isMlp(kind)) {
    throw new TrainError("invalid_argument", `the lbfgs solver fits models without hidden layers; ${kind} trains with solver "minibatch"`, { options: ["solver"] });
  }
  if (solver === "lbfgs" && minibatchOptions.length > 0) {
    throw new TrainError("invalid_argument", `${minibatchOptions.join(", ")} apply to the minibatch solver, not lbfgs; drop them or set solver: "minibatch"`, { options: [...minibatchOptions] });
  }
  if (solver === "minibatch" && o.tol !== undefined) {
    throw new TrainError("invalid_argument", `tol applies to the lbfgs solver; the minibatch solver stops after epochs (or earlyStopping)`, { options: ["tol"] });
  }
  return solver;
}

/**
 * The epochs a run will go to at most, for progress bars; invalid options give the default (the run will refuse them).
 * @example
 * maxEpochs("linearRegression", {}); // 100 (lbfgs iterations)
 */
export function maxEpochs(kind: ModelKind, raw: unknown): number {
  const parsed = trainOptionsSchema.safeParse(raw ?? {});
  if (!parsed.success) return DEFAULTS.epochs;
  if (parsed.data.epochs !== undefined) return parsed.data.epochs;
  try {
    return resolveSolver(kind, parsed.data) === "lbfgs" ? DEFAULTS.lbfgsEpochs : DEFAULTS.epochs;
  } catch {
    return DEFAULTS.epochs;
  }
}

/**
 * The resolved options as plain JSON (tracked params, the model's training record).
 * @example
 * tracker.logParams(runId, optionsToJson(resolved));
 */
export function optionsToJson(options: ResolvedOptions): { [key: string]: JsonValue } {
  return JSON.parse(JSON.stringify(options)) as { [key: string]: JsonValue };
}
