import { randomBytes } from "node:crypto";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { Store } from "../../db/client";
import { enterReaderRole, ReaderUnavailableError } from "../../db/reader";
import { readOnlyOnPgClient, type SqlParam } from "../../db/text-session";
import { SqlQueryError, type SqlAnswer } from "./answer";
import type { Connections } from "./connections";
import { checkEmbeddedPlan } from "./embedded-guard";
import { DEFAULT_BATCH_ROWS, exportQuery, withoutTrailingSemicolons } from "./export";
import { pgErrorFields } from "./pg-errors";

/**
 * Runs cells' SQL on the server: on the Tracebook store as the reader role,
 * or on a workspace connection by name. The rows land in an NDJSON file
 * under `resultsDir` for the kernel child to load and remove; a failed
 * query leaves no file.
 */
export interface SqlQuery {
  sql: string;
  params: SqlParam[];
  /** A workspace connection's name; absent: the Tracebook store. */
  connection?: string;
  maxRows: number;
  timeoutMs: number;
  /**
   * On the store: the notebooks whose lineage and runs the query may see
   * (those the user running the cell may read); rows of no notebook are
   * always visible. Absent: none.
   */
  readableNotebooks?: readonly string[];
}

export interface SqlRunner {
  run(query: SqlQuery, signal?: AbortSignal): Promise<SqlAnswer>;
  /** Removes result files older than `ageMs` (left by a kernel that died before loading them). */
  sweep(ageMs: number): Promise<void>;
}

export const STORE_NAMESPACE = "tracebook";
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * @example
 * const runner = createSqlRunner({ store, connections, resultsDir: "/data/sql-results", maxBytes: 1e9 });
 * const answer = await runner.run({ sql: "select 1 as one", params: [], maxRows: 10, timeoutMs: 30_000 });
 */
export function createSqlRunner(options: { store: Store; connections: Connections; resultsDir: string; maxBytes: number }): SqlRunner {
  const { store, connections, resultsDir, maxBytes } = options;
  return {
    async run(query, signal) {
      await mkdir(resultsDir, { recursive: true, mode: 0o700 });
      const file = path.join(resultsDir, `${randomBytes(12).toString("hex")}.ndjson`);
      try {
        const source = query.connection === undefined ? { url: null, namespace: STORE_NAMESPACE } : await connections.resolve(query.connection);
        const limits = { file, maxRows: query.maxRows, maxBytes, source: source.namespace, signal, deadline: Date.now() + query.timeoutMs };
        const result = source.url === null
          ? await store.readOnly(async (session) => {
              await enterReaderRole(session, query.timeoutMs, query.readableNotebooks ?? []);
              // PGlite ignores the statement timeout: its plan is read first (embedded-guard.ts).
              if (store.kind === "pglite") await checkEmbeddedPlan(session, withoutTrailingSemicolons(query.sql), query.params, DEFAULT_BATCH_ROWS, STORE_NAMESPACE);
              return exportQuery(session, query.sql, query.params, limits);
            })
          : await onConnection(source.url, source.namespace, query.timeoutMs, signal, (session) => exportQuery(session, query.sql, query.params, limits));
        return { ok: true, file, ...result, namespace: source.namespace };
      } catch (error) {
        await rm(file, { force: true });
        return { ok: false, error: toFailure(error) };
      }
    },
    async sweep(ageMs) {
      const names = await readdir(resultsDir).catch(() => [] as string[]);
      const cutoff = Date.now() - ageMs;
      for (const name of names) {
        const full = path.join(resultsDir, name);
        const info = await stat(full).catch(() => null);
        if (info && info.mtimeMs < cutoff) await rm(full, { force: true });
      }
    },
  };
}

/** A fresh client per query: connections are rare and may point anywhere, so none is kept open. */
async function onConnection<T>(
  url: string,
  namespace: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  fn: Parameters<typeof readOnlyOnPgClient<T>>[1],
): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, statement_timeout: timeoutMs, application_name: "tracebook data.query" });
  // A server that drops the connection mid-query emits 'error'; the query's own rejection reports it.
  client.on("error", () => {});
  const abort = () => void client.end().catch(() => {});
  signal?.addEventListener("abort", abort, { once: true });
  try {
    try {
      await client.connect();
    } catch (error) {
      const reason = pgErrorFields(error)?.message ?? (error instanceof Error ? error.message : String(error));
      throw new SqlQueryError("unavailable", `could not connect to ${namespace}: ${reason}`, { source: namespace });
    }
    return await readOnlyOnPgClient(client, fn);
  } finally {
    signal?.removeEventListener("abort", abort);
    await client.end().catch(() => {});
  }
}

function toFailure(error: unknown): { code: SqlQueryError["code"]; message: string; details: SqlQueryError["details"] } {
  if (error instanceof SqlQueryError) return { code: error.code, message: error.message, details: error.details };
  if (error instanceof ReaderUnavailableError) return { code: "unavailable", message: `data.query cannot read the Tracebook store: ${error.message}`, details: {} };
  if (error instanceof Error && error.name === "AbortError") return { code: "unavailable", message: "the query was stopped: the cell was interrupted", details: {} };
  throw error;
}
