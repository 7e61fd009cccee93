/**
 * How every metric reports a value that scikit-learn would compute with a
 * warning: the value (often NaN or a `zero_division` substitute) plus the
 * warnings, as data. Nothing is printed; callers show or store them.
 */
export type MetricWarningCode =
  /** A ratio had a zero denominator (sklearn's UndefinedMetricWarning); the value comes from `zero_division`. */
  | "undefined_metric"
  /** y_true holds a single class where two are needed (ROC AUC gives NaN). */
  | "single_class"
  /** No positive samples (recall and PR curves are degenerate). */
  | "no_positive_samples"
  /** No negative samples (the false positive rate is undefined). */
  | "no_negative_samples"
  /** y_pred holds classes never seen in y_true (balanced accuracy skips them). */
  | "classes_not_in_y_true"
  /** Predicted probabilities per row do not sum to one. */
  | "probabilities_not_normalized"
  /** Fewer samples than the metric needs (R² with one sample gives NaN). */
  | "too_few_samples"
  /** y_true is constant, so R² is forced to 1 (perfect) or 0 (`force_finite`). */
  | "constant_y_true"
  /** y_true holds zeros, so MAPE divides by machine epsilon and is huge. */
  | "zero_in_y_true"
  /** Samples whose label is outside `labels` were left out (confusion matrix). */
  | "samples_ignored"
  /** A confusion matrix of one label: pass `labels` to get the full shape. */
  | "single_label"
  /** An option is ignored in this mode (pos_label when average != "binary"). */
  | "option_ignored"
  /** A segment or group has no samples (or zero total weight); its metrics are NaN. */
  | "empty_segment"
  /** A group lacks positives or negatives; Fairlearn counts its rate as 0. */
  | "degenerate_group"
  /** An aggregate over groups met NaN and is NaN. */
  | "nan_aggregate";

export interface MetricWarning {
  code: MetricWarningCode;
  message: string;
}

/** A metric value with the warnings raised while computing it. */
export interface MetricResult<T = number> {
  value: T;
  warnings: MetricWarning[];
}

/**
 * Collects warnings once each (the same message raised for several classes
 * is kept once), in the order they were raised.
 * @example
 * const w = new Warnings();
 * w.add("single_class", "Only one class is present in y_true; ROC AUC is NaN.");
 * return { value: NaN, warnings: w.list() };
 */
export class Warnings {
  private readonly items: MetricWarning[] = [];

  /** Adds a warning unless the same one is already there. */
  add(code: MetricWarningCode, message: string): void {
    if (!this.items.some((w) => w.code === code && w.message === message)) this.items.push({ code, message });
  }

  /** Adds every warning of another result. */
  merge(warnings: readonly MetricWarning[]): void {
    for (const w of warnings) this.add(w.code, w.message);
  }

  list(): MetricWarning[] {
    return this.items.map((w) => ({ ...w }));
  }
}
