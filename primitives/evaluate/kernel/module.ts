import { registerLazyHostModule } from "../../../kernel/process/lazy-module";
import { kernelArtifacts } from "../../artifacts/kernel";
import { kernelDataEngine } from "../../data/kernel/engine";

/** The cells' `evaluate.*`; the metric code loads on the first call. Kept equal to the module's functions by its test. */
export const EVALUATE_FUNCTIONS = [
  "accuracy", "balancedAccuracy", "precision", "recall", "f1", "fbeta", "precisionRecallFscoreSupport", "confusionMatrix",
  "rocAuc", "rocCurve", "precisionRecallCurve", "averagePrecision", "logLoss", "brierScore", "calibrationCurve",
  "meanAbsoluteError", "meanSquaredError", "rootMeanSquaredError", "r2", "meanAbsolutePercentageError",
  "selectionRate", "truePositiveRate", "falsePositiveRate", "demographicParityDifference", "demographicParityRatio",
  "equalizedOddsDifference", "equalizedOddsRatio", "summarizeFairness", "summarizeClassification", "summarizeRegression",
  "segmentMetrics", "flipRate", "classificationReport", "regressionReport", "classification", "regression", "segments",
  "fairness", "edgeCases", "injectMissing", "injectOutOfRange", "perturb", "metricNames", "reportOutputs", "storeReport",
] as const;

registerLazyHostModule("evaluate", EVALUATE_FUNCTIONS, async () => {
  const [{ createEvaluateHostModule }, artifacts] = await Promise.all([import("../host-module"), kernelArtifacts()]);
  return createEvaluateHostModule({ engine: kernelDataEngine, artifacts: () => artifacts });
});
