import type { HostModule, KernelCallContext, KernelHostFunction } from "../../kernel/process/host";
import type { ArtifactStore } from "../artifacts/store";
import { unwrapDataset, type Dataset } from "../data/dataset";
import { getDataEngine, type DataEngine } from "../data/engine";
import { accuracy, balancedAccuracy } from "./accuracy";
import { recordEvaluateCall } from "./call-lineage";
import { calibrationCurve } from "./calibration";
import { summarizeClassification } from "./classification-summary";
import { confusionMatrix } from "./confusion";
import { precisionRecallCurve, rocCurve } from "./curves";
import { evaluateClassification, evaluateFairness, evaluateRegression, evaluateSegments } from "./dataset-evaluation";
import { EvaluateError } from "./errors";
import { demographicParityDifference, demographicParityRatio, equalizedOddsDifference, equalizedOddsRatio, falsePositiveRate, selectionRate, truePositiveRate } from "./fairness";
import { summarizeFairness } from "./fairness-summary";
import { injectMissing, injectOutOfRange, perturbNumeric } from "./perturb";
import { f1, fbeta, precision, precisionRecallFscoreSupport, recall } from "./prf";
import { brierScore, logLoss } from "./probability";
import { averagePrecision, rocAuc } from "./ranking";
import { METRIC_NAMES } from "./registry";
import { meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, r2, rootMeanSquaredError } from "./regression";
import { summarizeRegression } from "./regression-summary";
import { classificationReport, regressionReport, reportOutputs, storeReport, type EvaluationReport } from "./report";
import { segmentMetrics } from "./segments";
import { edgeCaseSlices, flipRate } from "./stress";

/** What the module needs from the kernel child: its data engine and, to store reports, the artifact store. */
export interface EvaluateModuleDeps {
  engine?: () => Promise<DataEngine>;
  artifacts?: () => ArtifactStore | null;
}

/** Arguments arrive as unknown data from the isolate; every function validates its own input. */
type AnyFn = (...args: any[]) => unknown;

/**
 * The `evaluate` host module: every function a cell reaches as
 * `evaluate.<name>(…)`, declared for the editor in primitives/types/evaluate.d.ts.
 * Array functions take plain arrays; dataset functions take a Dataset handle
 * first and read its columns through the data engine. Not registered here:
 * the kernel registers it (kernel/process/modules.ts).
 * @example
 * registerHostModule(createEvaluateHostModule({ engine: () => getDataEngine() }));
 */
export function createEvaluateHostModule(deps: EvaluateModuleDeps = {}): HostModule {
  const engineOf = deps.engine ?? (() => getDataEngine());
  // Each array function with the position of its options argument (checked: an object or nothing).
  // Names are spelled out: a bundler may rename functions.
  const arrays: Record<string, [AnyFn, number]> = {
    accuracy: [accuracy, 2], balancedAccuracy: [balancedAccuracy, 2], precision: [precision, 2], recall: [recall, 2], f1: [f1, 2], fbeta: [fbeta, 2],
    precisionRecallFscoreSupport: [precisionRecallFscoreSupport, 2], confusionMatrix: [confusionMatrix, 2],
    rocAuc: [rocAuc, 2], rocCurve: [rocCurve, 2], precisionRecallCurve: [precisionRecallCurve, 2], averagePrecision: [averagePrecision, 2],
    logLoss: [logLoss, 2], brierScore: [brierScore, 2], calibrationCurve: [calibrationCurve, 2],
    meanAbsoluteError: [meanAbsoluteError, 2], meanSquaredError: [meanSquaredError, 2], rootMeanSquaredError: [rootMeanSquaredError, 2],
    r2: [r2, 2], meanAbsolutePercentageError: [meanAbsolutePercentageError, 2],
    selectionRate: [selectionRate, 1], truePositiveRate: [truePositiveRate, 2], falsePositiveRate: [falsePositiveRate, 2],
    demographicParityDifference: [demographicParityDifference, 2], demographicParityRatio: [demographicParityRatio, 2],
    equalizedOddsDifference: [equalizedOddsDifference, 2], equalizedOddsRatio: [equalizedOddsRatio, 2], summarizeFairness: [summarizeFairness, 2],
    summarizeClassification: [summarizeClassification, 1], summarizeRegression: [summarizeRegression, 1], segmentMetrics: [segmentMetrics, 2],
    flipRate: [flipRate, 2], classificationReport: [classificationReport, 1], regressionReport: [regressionReport, 1],
  };
  const functions: Record<string, KernelHostFunction> = {};
  for (const [name, [fn, at]] of Object.entries(arrays)) {
    functions[name] = (args) => fn(...args.map((a, i) => (i === at ? options(name, a) : a)));
  }
  // Dataset functions are lineage runs of their cell (./call-lineage.ts); a bad options argument is recorded as a failed run.
  const withDataset = (name: string, run: (engine: DataEngine, dataset: Dataset, opts: any) => Promise<unknown>): KernelHostFunction =>
    async (args, ctx: KernelCallContext) => {
      const dataset = unwrapDataset(ctx.handles.get(args[0], "Dataset"));
      if (!dataset) throw new TypeError("expected a Dataset handle");
      return recordEvaluateCall(ctx, name, args[0], args[1] ?? null, async () => run(await engineOf(), dataset, options(name, args[1], true)));
    };
  functions.classification = withDataset("classification", evaluateClassification);
  functions.regression = withDataset("regression", evaluateRegression);
  functions.segments = withDataset("segments", evaluateSegments);
  functions.fairness = withDataset("fairness", evaluateFairness);
  functions.edgeCases = withDataset("edgeCases", edgeCaseSlices);
  functions.injectMissing = withDataset("injectMissing", injectMissing);
  functions.injectOutOfRange = withDataset("injectOutOfRange", injectOutOfRange);
  functions.perturb = withDataset("perturb", perturbNumeric);
  functions.metricNames = () => [...METRIC_NAMES];
  functions.reportOutputs = (args) => reportOutputs(requireReport(args[0]));
  functions.storeReport = async (args) => {
    const report = requireReport(args[0]);
    const store = deps.artifacts?.() ?? null;
    if (!store) throw new EvaluateError("invalid_argument", "this kernel has no artifact store to keep reports in", {});
    return storeReport(store, report);
  };
  return { name: "evaluate", functions };
}

/** The module with the kernel process's own data engine and no artifact store. */
export const evaluateHostModule: HostModule = createEvaluateHostModule();

/** An options argument: a plain object, or nothing (then defaults); anything else is refused. */
function options(name: string, value: unknown, required = false): any {
  if (value === undefined || value === null) {
    if (required) throw new EvaluateError("invalid_argument", `evaluate.${name} needs an options object naming the columns`, {});
    return {};
  }
  if (typeof value !== "object" || Array.isArray(value)) throw new EvaluateError("invalid_argument", `evaluate.${name}: options must be an object`, {});
  return value;
}

function requireReport(value: unknown): EvaluationReport {
  if (typeof value !== "object" || value === null || (value as EvaluationReport).kind !== "tracebook.evaluation-report") {
    throw new EvaluateError("invalid_argument", "expected an evaluation report (the `report` of evaluate.classification or evaluate.regression)", {});
  }
  return value as EvaluationReport;
}
