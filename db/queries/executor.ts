import type { Database } from "../client";

/** A database handle or an open transaction: every query accepts either. */
export type Executor = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Postgres reports a unique-constraint violation with SQLSTATE 23505. */
export function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    if ((current as { code?: unknown }).code === "23505") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
