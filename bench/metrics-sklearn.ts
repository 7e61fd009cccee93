import { accuracy, balancedAccuracy } from "../primitives/evaluate/accuracy";
import { confusionMatrix } from "../primitives/evaluate/confusion";
import { precisionRecallFscoreSupport } from "../primitives/evaluate/prf";
import { brierScore, logLoss } from "../primitives/evaluate/probability";
import { averagePrecision, rocAuc } from "../primitives/evaluate/ranking";
import { makeScratchDir, readMetricCsv, writeMetricCsv, METRIC_ROWS, type MetricRows } from "./ml-fixture";
import { runPythonJson } from "./python";
import { median, printRatio } from "./stats";

/**
 * Every binary classification metric of primitives/evaluate on 1M rows of
 * plain arrays (labels and predictions as number[], probabilities as
 * number[]) against scikit-learn computing the same on the same CSV, in the
 * same run: accuracy, balanced accuracy, precision/recall/F1 macro and
 * weighted, ROC AUC, average precision, log loss, Brier score and the
 * confusion matrix. Only the metric calls are timed on both sides (not
 * generating or reading the data). Each metric's values are compared too,
 * so the two sides are known to compute the same thing. Both sides take
 * one untimed pass over the first 1,000 rows first. Alternating
 * rounds, median per metric and of the totals. Goal: 1x scikit-learn.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type MetricValue = number | number[] | number[][];

// The same names, in the same order, as METRICS in metrics_sklearn.py.
const METRICS: Array<[string, (d: MetricRows) => MetricValue]> = [
  ["accuracy", (d) => accuracy(d.yTrue, d.yPred).value],
  ["balanced_accuracy", (d) => balancedAccuracy(d.yTrue, d.yPred).value],
  ["precision_recall_f1_macro", (d) => prfValues(d, "macro")],
  ["precision_recall_f1_weighted", (d) => prfValues(d, "weighted")],
  ["roc_auc", (d) => rocAuc(d.yTrue, d.yScore).value],
  ["average_precision", (d) => averagePrecision(d.yTrue, d.yScore).value],
  ["log_loss", (d) => logLoss(d.yTrue, d.yScore).value],
  ["brier", (d) => brierScore(d.yTrue, d.yScore).value],
  ["confusion_matrix", (d) => confusionMatrix(d.yTrue, d.yPred).value],
];

function prfValues(d: MetricRows, average: "macro" | "weighted"): number[] {
  const r = precisionRecallFscoreSupport(d.yTrue, d.yPred, { average });
  return [r.precision, r.recall, r.fscore] as number[];
}

interface Round {
  ms: Record<string, number>;
  values: Record<string, MetricValue>;
}

function computeOurs(data: MetricRows): Round {
  const round: Round = { ms: {}, values: {} };
  for (const [name, compute] of METRICS) {
    const started = performance.now();
    round.values[name] = compute(data);
    round.ms[name] = performance.now() - started;
  }
  return round;
}

function computeSklearn(path: string): Round | null {
  const result = runPythonJson<Round & { rows: number }>("metrics_sklearn.py", [path], "python3-sklearn");
  if (result && result.rows !== METRIC_ROWS) throw new Error(`scikit-learn read ${result.rows} rows, expected ${METRIC_ROWS}`);
  return result;
}

/** The largest relative difference between two results of the same metric. */
function measureDifference(a: MetricValue, b: MetricValue): number {
  const xs = [a].flat(2);
  const ys = [b].flat(2);
  if (xs.length !== ys.length) return Number.POSITIVE_INFINITY;
  return Math.max(...xs.map((x, i) => (x === ys[i] ? 0 : Math.abs(x - ys[i]!) / Math.max(Math.abs(x), Math.abs(ys[i]!)))));
}

function total(round: Round): number {
  return Object.values(round.ms).reduce((sum, ms) => sum + ms, 0);
}

export async function benchMetricsSklearn(): Promise<void> {
  console.log(`metrics-vs-sklearn: ${METRICS.length} binary classification metrics on ${METRIC_ROWS} rows of plain arrays; ${ROUNDS} alternating rounds, median`);
  const scratch = makeScratchDir("metrics");
  try {
    const path = writeMetricCsv(scratch.dir);
    const data = readMetricCsv(path);
    // One untimed pass on a slice first, as the Python side does: V8 compiles the hot loops on first use.
    computeOurs({ yTrue: data.yTrue.slice(0, 1000), yPred: data.yPred.slice(0, 1000), yScore: data.yScore.slice(0, 1000) });
    const ours: Round[] = [];
    const theirs: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const sklearnRound = computeSklearn(path);
      if (sklearnRound) theirs.push(sklearnRound);
      ours.push(computeOurs(data));
    }
    const anchor = theirs.length > 0 ? median(theirs.map(total)) : Number.NaN;
    if (theirs.length > 0) printRatio("scikit-learn, all metrics (anchor)", anchor, anchor);
    printRatio("primitives/evaluate, all metrics (goal <= 1x)", median(ours.map(total)), anchor);
    for (const [name] of METRICS) {
      const theirMs = theirs.length > 0 ? median(theirs.map((r) => r.ms[name]!)) : Number.NaN;
      printRatio(`  ${name} (vs scikit-learn ${theirMs.toFixed(1)} ms)`, median(ours.map((r) => r.ms[name]!)), theirMs);
    }
    if (theirs.length > 0) {
      const worst = Math.max(...METRICS.map(([name]) => measureDifference(ours[0]!.values[name]!, theirs[0]!.values[name]!)));
      console.log(`  values: largest relative difference to scikit-learn ${worst.toExponential(1)} (log loss: ${ours[0]!.values.log_loss} vs ${theirs[0]!.values.log_loss})`);
    }
    console.log(`  totals per round (ms): scikit-learn ${theirs.map((r) => total(r).toFixed(0)).join(" ") || "-"}; ours ${ours.map((r) => total(r).toFixed(0)).join(" ")}`);
  } finally {
    scratch.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchMetricsSklearn();
