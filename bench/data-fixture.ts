import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataEngine } from "../primitives/data/engine";
import { runPythonJson } from "./python";

/**
 * The data benchmarks' shared input: a deterministic 1M-row, 10-column CSV
 * (ints, floats, text categories, dates, booleans, some nulls), written once
 * per machine under the temp dir, and the pandas runner.
 */
export const BENCH_ROWS = Number(process.env.BENCH_DATA_ROWS ?? 1_000_000);

export async function ensureBenchCsv(): Promise<string> {
  const path = join(tmpdir(), `tracebook-bench-${BENCH_ROWS}x10.csv`);
  if (existsSync(path)) return path;
  const engine = await DataEngine.open();
  try {
    await engine.execute(`COPY (
      SELECT range AS id,
             (hash(range, 1) % 100000)::INTEGER AS qty,
             (hash(range, 2) % 1000000) / 100.0 AS price,
             CASE WHEN range % 50 = 0 THEN NULL ELSE (hash(range, 3) % 10000) / 7.0 END AS score,
             ((hash(range, 4) % 2000000)::DOUBLE - 1000000) / 3.0 AS delta,
             (hash(range, 5) % 120)::INTEGER AS age,
             ['north', 'south', 'east', 'west', 'centre'][1 + (hash(range, 6) % 5)::BIGINT] AS region,
             'sku-' || (hash(range, 7) % 5000)::VARCHAR AS sku,
             DATE '2020-01-01' + (hash(range, 8) % 1500)::INTEGER AS day,
             hash(range, 9) % 2 = 0 AS active
      FROM range(${BENCH_ROWS})
    ) TO '${path}' (HEADER, DELIMITER ',')`);
  } finally {
    await engine.close();
  }
  return path;
}

/** Runs bench/data_pandas.py: wall and CPU ms per round; null (with a note) when pandas is missing. */
export function runPandas(op: "read" | "describe", path: string, rounds: number): { ms: number[]; cpuMs: number[] } | null {
  const result = runPythonJson<{ ms: number[]; cpu_ms: number[]; rows: number }>("data_pandas.py", [op, path, String(rounds)], "python3-pandas");
  if (result === null) return null;
  if (result.rows !== BENCH_ROWS) throw new Error(`pandas read ${result.rows} rows, expected ${BENCH_ROWS}`);
  return { ms: result.ms, cpuMs: result.cpu_ms };
}

/**
 * CPU ms (user + system, every thread: DuckDB's workers included) that `fn`
 * took in this process. On a shared machine, where other processes take the
 * cores DuckDB would use in parallel, it says what the work costs.
 */
export async function measureCpu<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
}
