import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { z } from "zod";
import type { KernelHostFunction } from "../../../kernel/process/host";
import type { SqlAnswer, SqlResultColumn } from "../../sql/answer";
import type { Dataset } from "../dataset";
import type { DataEngine } from "../engine";
import { DataError } from "../errors";
import { quoteIdent, quoteLiteral } from "../sql";
import { parseArg } from "./args";
import { runCall, type EngineSource } from "./call";
import { datasetHandle, lineageRef } from "./datasets";
import { sampleFacet } from "./facets";

/**
 * `data.query(sql, options)`: SQL on the Tracebook store (read-only, the
 * lineage, dataset, feature and experiment tables) or on a workspace
 * connection by name. The server runs it and streams the rows to a file;
 * the engine loads that file with the column types Postgres reported.
 */
const queryOptions = z
  .object({
    connection: z.string().min(1).max(63),
    params: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).max(1000),
    maxRows: z.number().int().positive(),
    /** The statement's time limit on the database (default 60 s, at most 10 min). */
    timeoutMs: z.number().int().positive().max(600_000),
  })
  .partial()
  .strict();

/** The server's statement timeout plus room to connect and write the file. */
const REQUEST_SLACK_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 60_000;

export interface QueryReport {
  source: string;
  rowCount: number;
  bytes: number;
  columns: SqlResultColumn[];
}

export function createSqlFunctions(engine: EngineSource): Record<string, KernelHostFunction> {
  return {
    async query(args, ctx) {
      const sql = args[0];
      if (typeof sql !== "string" || sql.trim() === "") throw new TypeError("data.query: sql must be a non-empty string");
      const options = parseArg(queryOptions, args[1] ?? {}, "data.query", "options");
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      return runCall(engine, ctx, { primitive: "data.query", parameters: { sql, ...options }, inputs: [] }, async (ready, lineage) => {
        const answer = await ctx.kernel.server.request<SqlAnswer>("sql", "query", { sql, ...options }, { signal: ctx.signal, timeoutMs: timeoutMs + REQUEST_SLACK_MS });
        if (!answer.ok) throw new DataError(answer.error.code, answer.error.message, answer.error.details);
        let dataset: Dataset;
        try {
          dataset = await loadQueryResult(ready, answer.file, answer.columns);
        } finally {
          await rm(answer.file, { force: true });
        }
        const output = { dataset, namespace: answer.namespace, name: queryName(sql) };
        lineage.output(lineageRef(output, await sampleFacet(ready, dataset)));
        const report: QueryReport = { source: answer.namespace, rowCount: answer.rowCount, bytes: answer.bytes, columns: answer.columns };
        lineage.facet("report", report);
        return { dataset: datasetHandle(ctx, output), report };
      });
    },
  };
}

/**
 * A query's lineage name: its first line (what people recognise) and a hash
 * of the whole text (what tells two queries with the same first line apart).
 * @example
 * queryName("select *\nfrom lineage_jobs"); // "select * #3f2a9c1d"
 */
export function queryName(sql: string): string {
  const text = sql.trim();
  const first = text.split("\n", 1)[0]!.trim().slice(0, 120);
  return `${first} #${createHash("sha256").update(text).digest("hex").slice(0, 8)}`;
}

/**
 * The server's NDJSON (every value as Postgres text, keyed c0, c1, …) cast to the declared types, named as the query named them.
 * @example
 * const dataset = await loadQueryResult(engine, answer.file, answer.columns);
 */
export async function loadQueryResult(engine: DataEngine, file: string, columns: SqlResultColumn[]): Promise<Dataset> {
  if (columns.length === 0) throw new DataError("invalid_argument", "the query returned no columns");
  const names = uniqueNames(columns.map((c) => c.name));
  const declared = columns.map((_, i) => `c${i}: 'VARCHAR'`).join(", ");
  const select = columns.map((c, i) => `CAST(c${i} AS ${c.type}) AS ${quoteIdent(names[i]!)}`).join(", ");
  try {
    return await engine.materialize(`SELECT ${select} FROM read_json(${quoteLiteral(file)}, format = 'newline_delimited', columns = {${declared}})`);
  } catch (error) {
    throw new DataError("unreadable", `could not load the query's result: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `select 1 as a, 2 as a` is valid SQL; a dataset needs distinct column names (a, a_2). */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; seen.has(candidate.toLowerCase()); n++) candidate = `${name}_${n}`;
    seen.add(candidate.toLowerCase());
    return candidate;
  });
}
