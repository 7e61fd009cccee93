import { z } from "zod";
import type { NotebookId } from "../../protocol/ids";
import type { SqlRunner } from "../../primitives/sql/runner";
import { InvalidPayloadError, type KernelServerService } from "../manager/services";

/**
 * The `sql` service: a kernel's `data.query` asks the server to run SQL on
 * the Tracebook store (as the reader role) or on a workspace connection by
 * name. The child never sees a connection's URL; it gets the path of a
 * result file it loads and removes, or a failure with its own code.
 */
export const SQL_LIMITS = {
  maxSqlChars: 100_000,
  maxParams: 1000,
  defaultMaxRows: 1_000_000,
  defaultTimeoutMs: 60_000,
  maxTimeoutMs: 600_000,
} as const;

export const sqlQueryPayload = z.strictObject({
  sql: z.string().min(1).max(SQL_LIMITS.maxSqlChars),
  params: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).max(SQL_LIMITS.maxParams).default([]),
  connection: z.string().min(1).max(63).optional(),
  maxRows: z.number().int().positive().default(SQL_LIMITS.defaultMaxRows),
  timeoutMs: z.number().int().positive().max(SQL_LIMITS.maxTimeoutMs).default(SQL_LIMITS.defaultTimeoutMs),
});

/**
 * Which notebooks' rows a store query may see: those the user running the
 * cell may read. Work a cell left running after it ended has no user; it
 * sees its own notebook's rows only.
 */
export type ReadableNotebooks = (actorId: string, notebookId: NotebookId) => Promise<readonly string[]>;

/**
 * @example
 * services: { sql: sqlKernelService(createSqlRunner({ store, connections, resultsDir, maxBytes }), (actorId) => readableBy(actorId)) }
 */
export function sqlKernelService(runner: SqlRunner, readableNotebooks: ReadableNotebooks): KernelServerService {
  return {
    methods: {
      async query(payload, ctx) {
        const parsed = sqlQueryPayload.safeParse(payload);
        if (!parsed.success) throw new InvalidPayloadError(parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; "));
        const readable = parsed.data.connection === undefined
          ? ctx.actorId ? await readableNotebooks(ctx.actorId, ctx.notebookId) : [ctx.notebookId]
          : undefined;
        return runner.run({ ...parsed.data, readableNotebooks: readable }, ctx.signal);
      },
    },
  };
}
