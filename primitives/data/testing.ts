import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataEngine } from "./engine";
import type { Dataset } from "./dataset";

/**
 * Test helpers shared by the data primitive tests: one engine and a scratch
 * folder for fixture files written by the tests themselves.
 */
export interface DataFixture {
  engine: DataEngine;
  dir: string;
  /** Writes `content` to `name` in the scratch folder and returns its path. */
  write(name: string, content: string | Buffer): Promise<string>;
  close(): Promise<void>;
}

export async function openFixture(): Promise<DataFixture> {
  const engine = await DataEngine.open({ threads: 2, memoryLimit: "512MB" });
  const dir = await mkdtemp(join(tmpdir(), "tracebook-data-test-"));
  return {
    engine,
    dir,
    async write(name, content) {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    async close() {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every row of a dataset in table order (tests only: fixtures are tiny). */
export async function readAll(engine: DataEngine, dataset: Dataset): Promise<Record<string, unknown>[]> {
  return engine.query(`SELECT * FROM ${dataset.table} ORDER BY rowid`);
}

/** The names of every table the engine holds, to check nothing half-made was left. */
export async function listTables(engine: DataEngine): Promise<string[]> {
  const rows = await engine.query("SELECT table_name FROM duckdb_tables() ORDER BY table_name");
  return rows.map((r) => String(r.table_name));
}
