import type { CalibrationCurve } from "./calibration";
import type { CurveSeries } from "./classification-summary";
import type { Label } from "./labels";
import type { RegressionEvaluation } from "./regression-summary";

/** Vega-Lite specifications for the evaluation charts (plain data, rendered by the notebook's vega-embed). */
type Spec = Record<string, unknown>;

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

const diagonal = (x: string, y: string): Spec => ({
  data: { values: [{ [x]: 0, [y]: 0 }, { [x]: 1, [y]: 1 }] },
  mark: { type: "line", strokeDash: [4, 4], color: "#999" },
  encoding: { x: { field: x, type: "quantitative" }, y: { field: y, type: "quantitative" } },
});

/**
 * A heatmap of a confusion matrix, counts written in the cells.
 * @example
 * display.chart(confusionMatrixSpec({ labels: [0, 1], value: [[5, 1], [2, 7]] }));
 */
export function confusionMatrixSpec(cm: { labels: Label[]; value: number[][] }, title = "Confusion matrix"): Spec {
  const order = cm.labels.map(String);
  const values = cm.value.flatMap((row, i) => row.map((count, j) => ({ actual: String(cm.labels[i]), predicted: String(cm.labels[j]), count })));
  const max = Math.max(0, ...values.map((v) => v.count));
  return {
    $schema: SCHEMA, title, data: { values },
    encoding: {
      x: { field: "predicted", type: "nominal", sort: order, title: "predicted" },
      y: { field: "actual", type: "nominal", sort: order, title: "actual" },
    },
    layer: [
      { mark: { type: "rect", tooltip: true }, encoding: { color: { field: "count", type: "quantitative", scale: { scheme: "blues" }, title: "count" } } },
      {
        mark: { type: "text" },
        encoding: {
          text: { field: "count", type: "quantitative", format: Number.isInteger(max) ? "d" : ".3g" },
          color: { condition: { test: `datum.count > ${max / 2}`, value: "white" }, value: "black" },
        },
      },
    ],
  };
}

function curveValues(series: CurveSeries[], x: string, y: string): Spec[] {
  return series.flatMap((s) => s.x.map((xv, i) => ({ class: `${String(s.label)} (${Number.isFinite(s.area) ? s.area.toFixed(3) : "NaN"})`, [x]: xv, [y]: s.y[i]!, order: i })))
    .filter((v) => Number.isFinite(v[x] as number) && Number.isFinite(v[y] as number));
}

/**
 * ROC curves (one per class for one-vs-rest), the chance diagonal dashed; the legend gives each AUC.
 * @example
 * display.chart(rocCurveSpec(evaluation.roc));
 */
export function rocCurveSpec(series: CurveSeries[]): Spec {
  return {
    $schema: SCHEMA, title: "ROC curve",
    layer: [
      {
        data: { values: curveValues(series, "fpr", "tpr") },
        mark: { type: "line", tooltip: true },
        encoding: {
          x: { field: "fpr", type: "quantitative", title: "false positive rate", scale: { domain: [0, 1] } },
          y: { field: "tpr", type: "quantitative", title: "true positive rate", scale: { domain: [0, 1] } },
          color: { field: "class", type: "nominal", title: "class (AUC)" },
          order: { field: "order", type: "quantitative" },
        },
      },
      diagonal("fpr", "tpr"),
    ],
  };
}

/**
 * Precision-recall curves drawn as steps, as sklearn's display; the legend gives each average precision.
 * @example
 * display.chart(precisionRecallSpec(evaluation.precisionRecall));
 */
export function precisionRecallSpec(series: CurveSeries[]): Spec {
  return {
    $schema: SCHEMA, title: "Precision-recall curve",
    data: { values: curveValues(series, "recall", "precision") },
    mark: { type: "line", interpolate: "step-after", tooltip: true },
    encoding: {
      x: { field: "recall", type: "quantitative", scale: { domain: [0, 1] } },
      y: { field: "precision", type: "quantitative", scale: { domain: [0, 1] } },
      color: { field: "class", type: "nominal", title: "class (AP)" },
      order: { field: "order", type: "quantitative" },
    },
  };
}

/**
 * A reliability diagram: mean predicted probability against the share of positives per bin.
 * @example
 * display.chart(calibrationSpec(evaluation.calibration));
 */
export function calibrationSpec(curve: CalibrationCurve): Spec {
  const values = curve.probPred.map((p, i) => ({ predicted: p, observed: curve.probTrue[i]!, count: curve.counts[i]! }));
  return {
    $schema: SCHEMA, title: "Calibration curve",
    layer: [
      {
        data: { values },
        mark: { type: "line", point: true, tooltip: true },
        encoding: {
          x: { field: "predicted", type: "quantitative", title: "mean predicted probability", scale: { domain: [0, 1] } },
          y: { field: "observed", type: "quantitative", title: "fraction of positives", scale: { domain: [0, 1] } },
        },
      },
      diagonal("predicted", "observed"),
    ],
  };
}

/**
 * Predicted against actual values, with the identity line.
 * @example
 * display.chart(predictedActualSpec(evaluation.points));
 */
export function predictedActualSpec(points: RegressionEvaluation["points"]): Spec {
  const lo = Math.min(...points.map((p) => Math.min(p.actual, p.predicted)));
  const hi = Math.max(...points.map((p) => Math.max(p.actual, p.predicted)));
  return {
    $schema: SCHEMA, title: "Predicted vs actual",
    layer: [
      { data: { values: points }, mark: { type: "point", opacity: 0.5, tooltip: true }, encoding: { x: { field: "actual", type: "quantitative" }, y: { field: "predicted", type: "quantitative" } } },
      { data: { values: [{ actual: lo, predicted: lo }, { actual: hi, predicted: hi }] }, mark: { type: "line", strokeDash: [4, 4], color: "#999" }, encoding: { x: { field: "actual", type: "quantitative" }, y: { field: "predicted", type: "quantitative" } } },
    ],
  };
}

/**
 * A histogram of residuals (predicted − actual).
 * @example
 * display.chart(residualSpec(evaluation.residualHistogram));
 */
export function residualSpec(bins: RegressionEvaluation["residualHistogram"]): Spec {
  return {
    $schema: SCHEMA, title: "Residuals (predicted − actual)", data: { values: bins },
    mark: { type: "bar", tooltip: true },
    encoding: { x: { field: "start", type: "quantitative", bin: { binned: true }, title: "residual" }, x2: { field: "end" }, y: { field: "count", type: "quantitative" } },
  };
}

/**
 * One bar per group for a metric (rows of a breakdown table).
 * @example
 * display.chart(groupBarSpec(segmentTable(b).slice(1), ["region"], "accuracy"));
 */
export function groupBarSpec(rows: Record<string, unknown>[], groupColumns: string[], metric: string, title?: string): Spec {
  const values = rows.map((r) => ({ group: groupColumns.map((c) => String(r[c])).join(" · "), value: r[metric], count: r.count }));
  return {
    $schema: SCHEMA, title: title ?? `${metric} by ${groupColumns.join(", ")}`, data: { values },
    mark: { type: "bar", tooltip: true },
    encoding: { x: { field: "group", type: "nominal", sort: null, title: groupColumns.join(" · ") }, y: { field: "value", type: "quantitative", title: metric } },
  };
}
