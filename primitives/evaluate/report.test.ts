import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { createFileArtifactStore } from "../artifacts/fs-store";
import { summarizeClassification } from "./classification-summary";
import { summarizeFairness } from "./fairness-summary";
import { summarizeRegression } from "./regression-summary";
import { classificationReport, regressionReport, reportOutputs, storeReport } from "./report";
import { segmentMetrics } from "./segments";

describe("evaluation reports", () => {
  const yTrue = [0, 1, 1, 0, 1, 0, 1, 1];
  const yScore = [0.1, 0.9, 0.35, 0.4, 0.8, 0.65, 0.7, 0.2];
  const sex = ["f", "m", "f", "m", "f", "m", "f", "m"];

  it("a classification report holds metrics, tables and charts that compile as Vega-Lite", () => {
    const e = summarizeClassification({ yTrue, yScore });
    const yPred = yScore.map((s) => (s >= 0.5 ? 1 : 0));
    const report = classificationReport(e, {
      title: "validation",
      segments: segmentMetrics({ yTrue, yPred }, { sex }, { metrics: ["accuracy", "f1"] }),
      fairness: summarizeFairness(yTrue, yPred, { sensitiveFeatures: { sex } }),
    });
    expect(report.metrics.roc_auc).toBe(e.metrics.roc_auc);
    const charts = report.sections.filter((s) => s.kind === "chart");
    expect(charts.map((c) => c.title)).toEqual(["Confusion matrix", "ROC curve", "Precision-recall curve", "Calibration curve", "accuracy by sex", "Selection rate by group"]);
    for (const c of charts) expect(() => compile(c.spec as never)).not.toThrow();
    const tables = report.sections.filter((s) => s.kind === "table").map((s) => s.caption);
    expect(tables).toEqual(["Metrics", "Per class", "Confusion matrix (rows: actual, columns: predicted)", "Calibration bins", "By sex", "Fairness by group", "Fairness disparities (Fairlearn definitions)"]);
  });

  it("writes NaN as null in the JSON and lists the warning that explains it", () => {
    const e = summarizeClassification({ yTrue: [0, 0, 0], yScore: [0.2, 0.4, 0.3] }, { labels: [0, 1] });
    const report = classificationReport(e);
    expect(report.metrics.roc_auc).toBeNull();
    expect(report.warnings.some((w) => w.metric === "roc_auc" && w.code === "single_class")).toBe(true);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("a regression report charts predictions and residuals", () => {
    const report = regressionReport(summarizeRegression({ yTrue: [3, -0.5, 2, 7], yPred: [2.5, 0, 2, 8] }));
    expect(report.metrics.mean_squared_error).toBe(0.375);
    for (const s of report.sections) if (s.kind === "chart") expect(() => compile(s.spec as never)).not.toThrow();
  });

  it("turns into cell outputs in order and stores as one content-addressed artifact", async () => {
    const report = regressionReport(summarizeRegression({ yTrue: [1, 2, 3], yPred: [1, 2, 4] }));
    const outputs = reportOutputs(report);
    expect(outputs.map((o) => o.type)).toEqual(["markdown", "table", "chart", "chart"]);
    expect(outputs[1]).toMatchObject({ type: "table", columns: ["metric", "value"], total: 5 });
    const root = await mkdtemp(join(tmpdir(), "evaluate-report-"));
    try {
      const store = createFileArtifactStore({ root });
      const a = await storeReport(store, report);
      const b = await storeReport(store, report);
      expect(b.id).toBe(a.id);
      const chunks: Buffer[] = [];
      for await (const chunk of await store.get(a.id)) chunks.push(chunk as Buffer);
      expect(JSON.parse(Buffer.concat(chunks).toString("utf8"))).toEqual(report);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
