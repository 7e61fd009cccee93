import type { TextSession } from "./text-session";

/**
 * The role cells' `data.query` runs as on the Tracebook store, created and
 * granted by migration 0006: SELECT on the lineage, dataset, feature and
 * experiment tables only. The store's own user switches to it with SET LOCAL
 * ROLE inside the query's read-only transaction (PGlite enforces it too).
 */
export const READER_ROLE = "tracebook_reader";

/** Why the store cannot run a cell's query safely; the message says what an admin can do. */
export class ReaderUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReaderUnavailableError";
  }
}

/**
 * Switches `session` (an open read-only transaction) to the reader role with
 * a statement timeout. Refuses when the role is missing or could leave
 * itself: while PUBLIC may call set_config, a query could run
 * `set_config('role', <the store user>, true)` and read every table.
 * @example
 * await store.readOnly(async (session) => { await enterReaderRole(session, 30_000); return session.query("select 1"); });
 */
export async function enterReaderRole(session: TextSession, statementTimeoutMs: number): Promise<void> {
  const { rows } = await session.query(
    `select exists(select 1 from pg_roles where rolname = $1) as present,
            case when exists(select 1 from pg_roles where rolname = $1)
                 then has_function_privilege($1, 'pg_catalog.set_config(text, text, boolean)', 'EXECUTE') end as can_set`,
    [READER_ROLE],
  );
  const [present, canSet] = rows[0] ?? [];
  if (present !== "t") {
    throw new ReaderUnavailableError(`the store has no ${READER_ROLE} role (its user may not create roles); a database admin can run migration 0006's role statements as a superuser`);
  }
  if (canSet === "t") {
    throw new ReaderUnavailableError(
      `${READER_ROLE} may still call set_config and so leave its role; a database admin can run: REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC`,
    );
  }
  // SET takes no bind parameters; the number is checked, the role name is ours.
  await session.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.trunc(statementTimeoutMs))}`);
  try {
    await session.query(`SET LOCAL ROLE ${READER_ROLE}`);
  } catch (error) {
    throw new ReaderUnavailableError(`the store user may not switch to ${READER_ROLE} (${error instanceof Error ? error.message : String(error)}); a database admin can run: GRANT ${READER_ROLE} TO <the store user>`);
  }
}
