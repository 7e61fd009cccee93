import { DataEngine } from "../primitives/data/engine";
import { loadFile } from "../primitives/data/load";
import { profile } from "../primitives/data/profile";
import { ensureBenchCsv, measureCpu, runPandas, BENCH_ROWS } from "./data-fixture";
import { median, printRatio } from "./stats";

/**
 * Profiling the 1M-row, 10-column dataset (every column: count, nulls,
 * distinct, min, max, mean, std, quartiles, histograms) against pandas
 * `describe()` (numeric columns: count, mean, std, min, quartiles, max) on the
 * same data in the same run, alternating round by round. Median over ROUNDS.
 * Goal: 1x pandas (wall); CPU time of the describe-like lines is printed too
 * (see data-ingest.ts).
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** The columns pandas' describe() covers by default in the generated file. */
const NUMERIC = ["id", "qty", "price", "score", "delta", "age"];

export async function benchDataProfile(): Promise<void> {
  const path = await ensureBenchCsv();
  console.log(`data-profile: ${BENCH_ROWS} rows x 10 columns, ${ROUNDS} alternating rounds, median`);
  const engine = await DataEngine.open();
  const pandas: number[] = [];
  const pandasCpu: number[] = [];
  const numericCpu: number[] = [];
  const exactCpu: number[] = [];
  const numericOnly: number[] = [];
  const describeLike: number[] = [];
  const describeExact: number[] = [];
  const full: number[] = [];
  try {
    const { dataset } = await loadFile(engine, path);
    for (let round = 0; round < ROUNDS; round++) {
      const pandasRound = runPandas("describe", path, 1);
      if (pandasRound) {
        pandas.push(...pandasRound.ms);
        pandasCpu.push(...pandasRound.cpuMs);
      }
      // What describe() computes, on the columns it computes it for (the numeric ones), nulls added.
      const numeric = await measureCpu(() => profile(engine, dataset, { distinct: "none", histograms: false, columns: NUMERIC }));
      numericOnly.push(numeric.wallMs);
      numericCpu.push(numeric.cpuMs);
      // The same statistics for every column (text, dates and booleans get count, nulls, min, max).
      let started = performance.now();
      const p = await profile(engine, dataset, { distinct: "none", histograms: false });
      describeLike.push(performance.now() - started);
      if (p.columns.length !== 10 || p.columns[0]!.count !== BENCH_ROWS) throw new Error("data-profile: wrong profile");
      const exact = await measureCpu(() => profile(engine, dataset, { distinct: "none", histograms: false, quantiles: "exact" }));
      describeExact.push(exact.wallMs);
      exactCpu.push(exact.cpuMs);
      started = performance.now();
      await profile(engine, dataset);
      full.push(performance.now() - started);
    }
  } finally {
    await engine.close();
  }
  const anchor = pandas.length > 0 ? median(pandas) : Number.NaN;
  if (pandas.length > 0) printRatio("pandas describe() (anchor)", anchor, anchor);
  printRatio("describe-like, numeric columns (goal <= 1x)", median(numericOnly), anchor);
  printRatio("describe-like, all 10 columns", median(describeLike), anchor);
  printRatio("describe-like, exact quartiles", median(describeExact), anchor);
  printRatio("full profile (+distinct, histograms, top)", median(full), anchor);
  const cpuAnchor = pandasCpu.length > 0 ? median(pandasCpu) : Number.NaN;
  if (pandasCpu.length > 0) printRatio("pandas describe(), CPU time", cpuAnchor, cpuAnchor);
  printRatio("describe-like, numeric columns, CPU time (all threads)", median(numericCpu), cpuAnchor);
  printRatio("describe-like, exact quartiles, CPU time (all threads)", median(exactCpu), cpuAnchor);
  console.log(`rounds (ms): pandas ${pandas.map((x) => x.toFixed(0)).join(" ") || "-"}; numeric ${numericOnly.map((x) => x.toFixed(0)).join(" ")}; all columns ${describeLike.map((x) => x.toFixed(0)).join(" ")}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchDataProfile();
