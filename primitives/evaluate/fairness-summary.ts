import { combineOdds, fairnessByGroup, pickAggregate, type DisparityMethod, type FairnessOptions, type GroupedMetric } from "./fairness";
import type { LabelArray } from "./labels";
import type { MetricWarning } from "./result";

type ByMethod = Record<DisparityMethod, number>;

/** Per-group rates and the four Fairlearn disparity metrics by both methods. */
export interface FairnessSummary {
  byGroup: Record<"selectionRate" | "truePositiveRate" | "falsePositiveRate", GroupedMetric>;
  demographicParityDifference: ByMethod;
  demographicParityRatio: ByMethod;
  /** Worst case of the true- and false-positive-rate gaps. */
  equalizedOddsDifference: ByMethod;
  equalizedOddsRatio: ByMethod;
  warnings: MetricWarning[];
}

/**
 * Every fairness number a report shows, from one grouping of the rows.
 * @example
 * const f = summarizeFairness(yTrue, yPred, { sensitiveFeatures: { sex } });
 * f.demographicParityDifference.between_groups;
 */
export function summarizeFairness(yTrue: LabelArray, yPred: LabelArray, options: Omit<FairnessOptions, "method">): FairnessSummary {
  const byGroup = fairnessByGroup(yTrue, yPred, options);
  const warnings: MetricWarning[] = [];
  const keep = (r: { value: number; warnings: MetricWarning[] }) => {
    for (const w of r.warnings) if (!warnings.some((x) => x.message === w.message)) warnings.push(w);
    return r.value;
  };
  const both = (f: (m: DisparityMethod) => { value: number; warnings: MetricWarning[] }): ByMethod => ({ between_groups: keep(f("between_groups")), to_overall: keep(f("to_overall")) });
  return {
    byGroup,
    demographicParityDifference: both((m) => pickAggregate(byGroup.selectionRate, "difference", m)),
    demographicParityRatio: both((m) => pickAggregate(byGroup.selectionRate, "ratio", m)),
    equalizedOddsDifference: both((m) => combineOdds(byGroup.truePositiveRate, byGroup.falsePositiveRate, "difference", m, "worst_case")),
    equalizedOddsRatio: both((m) => combineOdds(byGroup.truePositiveRate, byGroup.falsePositiveRate, "ratio", m, "worst_case")),
    warnings,
  };
}
