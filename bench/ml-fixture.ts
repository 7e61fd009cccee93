import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRandom, type Random } from "../primitives/train/random";

/**
 * The ML benchmarks' shared inputs, generated from a seed and written to
 * CSV files that both sides read (ours and scikit-learn's), so both train
 * and score on exactly the same numbers: a 20-feature binary classification
 * problem (train and held-out test rows) and a 1M-row table of labels,
 * predictions and probabilities for the metric benchmark.
 */
export const FEATURES = 20;
export const TRAIN_ROWS = Number(process.env.BENCH_TRAIN_ROWS ?? 50_000);
export const TEST_ROWS = Number(process.env.BENCH_TEST_ROWS ?? 10_000);
export const METRIC_ROWS = Number(process.env.BENCH_METRIC_ROWS ?? 1_000_000);
const SEED = 20_260_601;

export interface ClassificationRows {
  x: number[][];
  y: number[];
}

/** A scratch directory for one benchmark's files; `remove` deletes it. */
export function makeScratchDir(name: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `tracebook-bench-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function drawNormal(random: Random): number {
  // Box-Muller; 1 - next() keeps the logarithm's argument above zero.
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/**
 * Labels from a mostly linear score on the first ten features plus an
 * interaction and a square (so a hidden layer has something to find beyond
 * logistic regression) and Gaussian noise (so neither reaches 100 %).
 */
function generateClassification(rows: number, random: Random): string {
  const weights = Array.from({ length: 10 }, () => drawNormal(random));
  const lines = [[...Array.from({ length: FEATURES }, (_, j) => `x${j}`), "y"].join(",")];
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: FEATURES }, () => drawNormal(random));
    let score = 1.5 * x[0]! * x[1]! + (x[2]! * x[2]! - 1) + 0.5 * drawNormal(random);
    for (let j = 0; j < 10; j++) score += 0.5 * weights[j]! * x[j]!;
    lines.push(`${x.map((v) => v.toFixed(5)).join(",")},${score > 0 ? 1 : 0}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Writes the training and test CSVs (`x0..x19,y`) into `dir`.
 * @example
 * const { train, test } = writeClassificationCsvs(scratch.dir);
 */
export function writeClassificationCsvs(dir: string): { train: string; test: string } {
  const random = createRandom(SEED);
  const train = join(dir, "train.csv");
  const test = join(dir, "test.csv");
  // One generator for both files: the test rows follow the training rows from the same seeded stream and the same weights.
  const both = generateClassification(TRAIN_ROWS + TEST_ROWS, random).split("\n");
  writeFileSync(train, `${both.slice(0, 1 + TRAIN_ROWS).join("\n")}\n`);
  writeFileSync(test, `${[both[0], ...both.slice(1 + TRAIN_ROWS, 1 + TRAIN_ROWS + TEST_ROWS)].join("\n")}\n`);
  return { train, test };
}

/**
 * Reads a file written by writeClassificationCsvs into plain arrays.
 * @example
 * const { x, y } = readClassificationCsv(train); // x: number[][], y: (0|1)[]
 */
export function readClassificationCsv(path: string): ClassificationRows {
  const lines = readFileSync(path, "utf8").trimEnd().split("\n").slice(1);
  const x: number[][] = [];
  const y: number[] = [];
  for (const line of lines) {
    const values = line.split(",").map(Number);
    y.push(values.pop()!);
    x.push(values);
  }
  return { x, y };
}

export interface MetricRows {
  yTrue: number[];
  yPred: number[];
  /** The predicted probability of class 1. */
  yScore: number[];
}

/**
 * Writes `METRIC_ROWS` rows of `y_true,y_pred,y_score` (30 % positives, a
 * noisy classifier's probability rounded to 4 digits so there are ties, and
 * its 0.5-threshold prediction) into `dir`.
 * @example
 * const path = writeMetricCsv(scratch.dir);
 */
export function writeMetricCsv(dir: string): string {
  const random = createRandom(SEED + 1);
  const path = join(dir, "metrics.csv");
  const lines = ["y_true,y_pred,y_score"];
  for (let r = 0; r < METRIC_ROWS; r++) {
    const positive = random.next() < 0.3 ? 1 : 0;
    const logit = (positive ? 1 : -1) * 1.2 + 1.5 * drawNormal(random);
    const score = (1 / (1 + Math.exp(-logit))).toFixed(4);
    lines.push(`${positive},${Number(score) >= 0.5 ? 1 : 0},${score}`);
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

/**
 * Reads the metric CSV into plain arrays.
 * @example
 * const { yTrue, yPred, yScore } = readMetricCsv(path);
 */
export function readMetricCsv(path: string): MetricRows {
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  const rows: MetricRows = { yTrue: [], yPred: [], yScore: [] };
  for (let i = 1; i < lines.length; i++) {
    const [t, p, s] = lines[i]!.split(",");
    rows.yTrue.push(Number(t));
    rows.yPred.push(Number(p));
    rows.yScore.push(Number(s));
  }
  return rows;
}
