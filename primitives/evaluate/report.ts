import type { ArtifactInfo, ArtifactStore } from "../artifacts/store";
import type { CellOutput } from "../../protocol/outputs";
import { EvaluateError } from "./errors";
import { calibrationSpec, confusionMatrixSpec, groupBarSpec, precisionRecallSpec, predictedActualSpec, residualSpec, rocCurveSpec } from "./charts";
import type { ClassificationEvaluation } from "./classification-summary";
import type { FairnessSummary } from "./fairness-summary";
import type { RegressionEvaluation } from "./regression-summary";
import type { MetricWarning } from "./result";
import { segmentTable, type SegmentBreakdown } from "./segments";

type Cell = string | number | boolean | null;

/** One block of a report, in display order. */
export type ReportSection =
  | { kind: "markdown"; text: string }
  | { kind: "table"; caption: string; columns: string[]; rows: Cell[][] }
  | { kind: "chart"; title: string; spec: Record<string, unknown> };

/**
 * An evaluation report: headline metrics plus tables and Vega-Lite charts,
 * plain JSON (NaN is written as null, with the warning that explains it), so
 * it is shown in the cell and stored with the run unchanged.
 */
export interface EvaluationReport {
  kind: "tracebook.evaluation-report";
  version: 1;
  title: string;
  task: "binary" | "multiclass" | "regression";
  /** Where the numbers came from (dataset id, columns), when known. */
  source: Record<string, string> | null;
  metrics: Record<string, number | null>;
  sections: ReportSection[];
  warnings: { metric: string; code: string; message: string }[];
}

export interface ReportExtras {
  title?: string;
  source?: Record<string, string>;
  segments?: SegmentBreakdown;
  fairness?: FairnessSummary;
}

/**
 * The report of a classification evaluation.
 * @example
 * const report = classificationReport(summarizeClassification({ yTrue, yPred, yScore }), { title: "validation" });
 */
export function classificationReport(e: ClassificationEvaluation, extras: ReportExtras = {}): EvaluationReport {
  requireEvaluation(e, ["binary", "multiclass"]);
  const sections: ReportSection[] = [];
  const predicted = e.prediction.source === "threshold" ? `predictions: score ≥ ${e.prediction.threshold}` : e.prediction.source === "argmax" ? "predictions: the top-scoring class" : "predictions: given";
  sections.push({ kind: "markdown", text: `## ${extras.title ?? "Classification report"}\n${e.task}, ${e.rows} rows${e.totalWeight === null ? "" : ` (total weight ${fmt(e.totalWeight)})`}; ${predicted}${e.posLabel === null ? "" : `; positive class ${JSON.stringify(e.posLabel)}`}.` });
  sections.push(metricTable(e.metrics));
  sections.push({ kind: "table", caption: "Per class", columns: ["class", "precision", "recall", "f1", "support"], rows: e.perClass.map((c) => [cell(c.label), num(c.precision), num(c.recall), num(c.f1), num(c.support)]) });
  sections.push({ kind: "chart", title: "Confusion matrix", spec: confusionMatrixSpec(e.confusionMatrix) });
  sections.push({ kind: "table", caption: "Confusion matrix (rows: actual, columns: predicted)", columns: ["actual", ...e.confusionMatrix.labels.map(String)], rows: e.confusionMatrix.value.map((row, i) => [cell(e.confusionMatrix.labels[i]!), ...row.map(num)]) });
  if (e.roc) sections.push({ kind: "chart", title: "ROC curve", spec: rocCurveSpec(e.roc) });
  if (e.precisionRecall) sections.push({ kind: "chart", title: "Precision-recall curve", spec: precisionRecallSpec(e.precisionRecall) });
  if (e.calibration) {
    sections.push({ kind: "chart", title: "Calibration curve", spec: calibrationSpec(e.calibration) });
    sections.push({ kind: "table", caption: "Calibration bins", columns: ["mean predicted", "fraction positive", "count"], rows: e.calibration.probPred.map((p, i) => [num(p), num(e.calibration!.probTrue[i]!), e.calibration!.counts[i]!]) });
  }
  return finish(e.task, e.metrics, sections, e.warnings, extras);
}

/**
 * The report of a regression evaluation.
 * @example
 * const report = regressionReport(summarizeRegression({ yTrue, yPred }));
 */
export function regressionReport(e: RegressionEvaluation, extras: ReportExtras = {}): EvaluationReport {
  requireEvaluation(e, ["regression"]);
  const sections: ReportSection[] = [
    { kind: "markdown", text: `## ${extras.title ?? "Regression report"}\n${e.rows} rows${e.totalWeight === null ? "" : ` (total weight ${fmt(e.totalWeight)})`}.` },
    metricTable(e.metrics),
  ];
  if (e.points.length > 0) sections.push({ kind: "chart", title: "Predicted vs actual", spec: predictedActualSpec(e.points) });
  sections.push({ kind: "chart", title: "Residuals", spec: residualSpec(e.residualHistogram) });
  return finish("regression", e.metrics, sections, e.warnings, extras);
}

function finish(task: EvaluationReport["task"], metrics: Record<string, number | undefined>, sections: ReportSection[], warnings: (MetricWarning & { metric: string })[], extras: ReportExtras): EvaluationReport {
  const all = [...warnings];
  if (extras.segments) {
    const b = extras.segments;
    const rows = segmentTable(b);
    const columns = Object.keys(rows[0] ?? {});
    sections.push({ kind: "table", caption: `By ${b.by.join(", ")}`, columns, rows: rows.map((r) => columns.map((c) => cell(r[c] ?? null))) });
    sections.push({ kind: "chart", title: `${b.metrics[0]} by ${b.by.join(", ")}`, spec: groupBarSpec(rows.slice(1), b.by, b.metrics[0]!) });
    for (const s of b.segments) for (const w of s.warnings) all.push({ metric: `segment ${JSON.stringify(s.segment)}`, ...w });
  }
  if (extras.fairness) {
    const f = extras.fairness;
    const groupColumns = Object.keys(f.byGroup.selectionRate.groups[0]?.group ?? {});
    sections.push({
      kind: "table", caption: "Fairness by group", columns: [...groupColumns, "count", "selection_rate", "true_positive_rate", "false_positive_rate"],
      rows: f.byGroup.selectionRate.groups.map((g, i) => [...groupColumns.map((c) => cell(g.group[c] ?? null)), g.count, num(g.value), num(f.byGroup.truePositiveRate.groups[i]!.value), num(f.byGroup.falsePositiveRate.groups[i]!.value)]),
    });
    sections.push({
      kind: "table", caption: "Fairness disparities (Fairlearn definitions)", columns: ["metric", "between_groups", "to_overall"],
      rows: (["demographicParityDifference", "demographicParityRatio", "equalizedOddsDifference", "equalizedOddsRatio"] as const).map((k) => [k, num(f[k].between_groups), num(f[k].to_overall)]),
    });
    const bars = f.byGroup.selectionRate.groups.map((g) => ({ ...g.group, count: g.count, selection_rate: num(g.value) }));
    sections.push({ kind: "chart", title: "Selection rate by group", spec: groupBarSpec(bars, groupColumns, "selection_rate") });
    for (const w of f.warnings) all.push({ metric: "fairness", ...w });
  }
  if (all.length > 0) sections.push({ kind: "table", caption: "Warnings", columns: ["metric", "code", "message"], rows: all.map((w) => [w.metric, w.code, w.message]) });
  return {
    kind: "tracebook.evaluation-report", version: 1, title: extras.title ?? (task === "regression" ? "Regression report" : "Classification report"), task,
    source: extras.source ?? null, metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, num(v ?? NaN)])), sections, warnings: all,
  };
}

function metricTable(metrics: Record<string, number | undefined>): ReportSection {
  return { kind: "table", caption: "Metrics", columns: ["metric", "value"], rows: Object.entries(metrics).map(([k, v]) => [k, num(v ?? NaN)]) };
}

/**
 * The report as the notebook's cell outputs (markdown, tables, charts), in order.
 * @example
 * for (const output of reportOutputs(report)) emit(cellId, output);
 */
export function reportOutputs(report: EvaluationReport, pageSize = 20): CellOutput[] {
  return report.sections.map((s): CellOutput => {
    if (s.kind === "markdown") return { type: "markdown", text: s.text };
    if (s.kind === "chart") return { type: "chart", spec: s.spec };
    return { type: "table", columns: s.columns, rows: s.rows, total: s.rows.length, pageSize, caption: s.caption };
  });
}

/**
 * Stores the report as a JSON artifact (content-addressed, so the same
 * report is stored once) and returns its id for the run's record.
 * @example
 * const { id } = await storeReport(artifacts, report);
 */
export async function storeReport(store: ArtifactStore, report: EvaluationReport): Promise<ArtifactInfo> {
  return store.put(new TextEncoder().encode(JSON.stringify(report)));
}

function requireEvaluation(e: unknown, tasks: string[]): void {
  if (typeof e !== "object" || e === null || !tasks.includes((e as { task?: string }).task ?? "")) {
    throw new EvaluateError("invalid_argument", `expected a ${tasks.join(" or ")} evaluation (from summarizeClassification or summarizeRegression)`, {});
  }
}

function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function cell(x: unknown): Cell {
  if (x === null || typeof x === "string" || typeof x === "boolean") return x;
  if (typeof x === "number") return num(x);
  return String(x);
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6);
}
