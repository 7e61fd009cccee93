import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DataEngine } from "../engine";

let engine: Promise<DataEngine> | null = null;

/**
 * The kernel process's one DuckDB engine, shared by every primitive module
 * (data, features, training, evaluation): a Dataset made by one is read by
 * the others. It spills to a folder of this process's own, removed when the
 * process exits (a kernel ends by exiting).
 *
 * @example
 * const engine = await kernelDataEngine();
 */
export function kernelDataEngine(): Promise<DataEngine> {
  engine ??= (async () => {
    const { getDataEngine } = await import("../engine");
    const spillDirectory = mkdtempSync(path.join(tmpdir(), "tracebook-duckdb-"));
    process.once("exit", () => rmSync(spillDirectory, { recursive: true, force: true }));
    return getDataEngine({ spillDirectory });
  })();
  return engine;
}
