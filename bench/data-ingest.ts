import { DataEngine } from "../primitives/data/engine";
import { loadFile } from "../primitives/data/load";
import { quoteLiteral } from "../primitives/data/sql";
import { ensureBenchCsv, measureCpu, runPandas, BENCH_ROWS } from "./data-fixture";
import { median, printRatio } from "./stats";

/**
 * Ingest of a generated 1M-row, 10-column CSV into a Dataset (dialect sniff,
 * DuckDB's parallel reader, strict bad-line check, content hash) against
 * pandas.read_csv on the same file in the same run. The two alternate round
 * by round so load from other processes on the machine hits both alike.
 * Median over ROUNDS each. Goal: 0.5x pandas (wall). DuckDB's own
 * `CREATE TABLE AS SELECT * FROM read_csv(...)` (its auto-detection, no
 * bad-line listing, no content hash) on the same engine is timed in the same
 * rounds for reference: DuckDB alone, with its defaults. CPU time is printed too:
 * where other processes hold the cores, DuckDB's parallel reader gets no
 * more than pandas' one thread, and wall time follows CPU time.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

export async function benchDataIngest(): Promise<void> {
  const path = await ensureBenchCsv();
  console.log(`data-ingest: ${BENCH_ROWS} rows x 10 columns, ${ROUNDS} alternating rounds, median`);
  const engine = await DataEngine.open();
  const pandas: number[] = [];
  const pandasCpu: number[] = [];
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const bare: number[] = [];
  const bareCpu: number[] = [];
  let heapGrowth = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const pandasRound = runPandas("read", path, 1);
      if (pandasRound) {
        pandas.push(...pandasRound.ms);
        pandasCpu.push(...pandasRound.cpuMs);
      }
      const heapBefore = process.memoryUsage().heapUsed;
      const { value: { dataset }, wallMs, cpuMs } = await measureCpu(() => loadFile(engine, path));
      ours.push(wallMs);
      oursCpu.push(cpuMs);
      heapGrowth = Math.max(heapGrowth, process.memoryUsage().heapUsed - heapBefore);
      if (dataset.rowCount !== BENCH_ROWS) throw new Error(`data-ingest: loaded ${dataset.rowCount} rows`);
      // Released so the next round does the same work (an identical dataset would otherwise be reused).
      await engine.release(dataset);
      const floor = await measureCpu(() => engine.execute(`CREATE TABLE bench_bare AS SELECT * FROM read_csv(${quoteLiteral(path)})`));
      bare.push(floor.wallMs);
      bareCpu.push(floor.cpuMs);
      await engine.dropTable("bench_bare");
    }
  } finally {
    await engine.close();
  }
  const anchor = pandas.length > 0 ? median(pandas) : Number.NaN;
  if (pandas.length > 0) printRatio("pandas.read_csv (anchor)", anchor, anchor);
  printRatio("loadFile into a Dataset (goal <= 0.5x)", median(ours), anchor);
  printRatio("DuckDB read_csv into a table alone, defaults", median(bare), anchor);
  const cpuAnchor = pandasCpu.length > 0 ? median(pandasCpu) : Number.NaN;
  if (pandasCpu.length > 0) printRatio("pandas.read_csv, CPU time", cpuAnchor, cpuAnchor);
  printRatio("loadFile, CPU time (all threads)", median(oursCpu), cpuAnchor);
  printRatio("DuckDB read_csv alone, CPU time (all threads)", median(bareCpu), cpuAnchor);
  console.log(`rounds (ms): pandas ${pandas.map((x) => x.toFixed(0)).join(" ") || "-"}; loadFile ${ours.map((x) => x.toFixed(0)).join(" ")}; read_csv alone ${bare.map((x) => x.toFixed(0)).join(" ")}`);
  console.log(`JS heap growth during a load: ${(heapGrowth / 2 ** 20).toFixed(1)} MiB (rows stay in DuckDB, not in JS)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchDataIngest();
