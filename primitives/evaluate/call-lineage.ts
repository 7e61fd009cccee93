/**
 * `evaluate.*` calls on a Dataset as lineage runs of their cell: the dataset
 * version is an input read in the `test` context (as train's test data is),
 * the call's options are its parameters, the headline numbers a
 * `tracebook_metrics` run facet, and a dataset the call makes (a perturbed
 * copy) its output, named by its id as other modules' bare outputs are.
 */
import type { KernelCallContext } from "../../kernel/process/host";
import type { CallLineage } from "../../kernel/process/lineage";
import { isDataset } from "../data/dataset";
import { recordDataCall } from "../data/kernel/call-inputs";
import { bareDataset, lineageRef } from "../data/kernel/datasets";

/** The run facet holding an evaluation's headline metrics (small JSON: no curves, no per-row data). */
export const METRICS_FACET = "tracebook_metrics";
/** The run facet holding a perturbation's report (seed and values changed per column). */
export const PERTURBATION_FACET = "tracebook_perturbation";

const FAIRNESS_KEYS = ["demographicParityDifference", "demographicParityRatio", "equalizedOddsDifference", "equalizedOddsRatio"] as const;

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The headline numbers of an evaluate result, or null when it has none:
 * a summary's metrics, a breakdown's overall row, fairness's disparities.
 * @example
 * metricsOf({ evaluation: { metrics: { accuracy: 0.9 } } }); // { metrics: { accuracy: 0.9 } }
 */
export function metricsOf(result: unknown): Record<string, unknown> | null {
  const summary = field(field(result, "evaluation"), "metrics") ?? field(field(result, "overall"), "metrics");
  if (summary !== undefined) return { metrics: summary };
  if (field(result, FAIRNESS_KEYS[0]) === undefined) return null;
  return Object.fromEntries(FAIRNESS_KEYS.map((key) => [key, field(result, key)]));
}

function recordResult(ctx: KernelCallContext, lineage: CallLineage, result: unknown): void {
  const metrics = metricsOf(result);
  if (metrics) lineage.facet(METRICS_FACET, metrics);
  const made = field(result, "dataset");
  if (isDataset(made)) {
    lineage.output(lineageRef(bareDataset(ctx, made)));
    const report = field(result, "report");
    if (report !== undefined) lineage.facet(PERTURBATION_FACET, report);
  }
}

/**
 * Runs `body` as the lineage run `evaluate.<name>` of the calling cell, with
 * the dataset handle as its `test` input and the options as parameters.
 * @example
 * return recordEvaluateCall(ctx, "classification", args[0], options, () => evaluateClassification(engine, dataset, options));
 */
export function recordEvaluateCall<T>(ctx: KernelCallContext, name: string, dataset: unknown, options: unknown, body: () => Promise<T>): Promise<T> {
  return recordDataCall(ctx, `evaluate.${name}`, { options }, [{ value: dataset, context: "test" }], async (lineage) => {
    const result = await body();
    recordResult(ctx, lineage, result);
    return result;
  });
}
