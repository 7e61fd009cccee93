import type { TextSession } from "./text-session";

/**
 * The role cells' `data.query` runs as on the Tracebook store, created and
 * granted by migration 0006: SELECT on the lineage, dataset, feature and
 * experiment tables only. The store's own user switches to it with SET LOCAL
 * ROLE inside the query's read-only transaction (PGlite enforces it too).
 */
export const READER_ROLE = "tracebook_reader";

/**
 * Rows of a notebook (lineage jobs and their runs, events and datasets;
 * lineage nodes and edges; experiment runs and what they logged) are
 * visible to the reader only for the notebooks named in this setting, set
 * per query to those the user running the cell may read: the row policies
 * of migration 0007 read it. Rows of no notebook are visible to all, as in
 * the lineage API. The reader cannot change it: it has neither SET (a query
 * only) nor set_config.
 */
export const SCOPE_SETTING = "tracebook.reader_notebooks";
const SCOPE_POLICY = "tracebook_reader_scope";
/** Tables migration 0007 gives a scope policy. */
const SCOPED_TABLES = 15;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function checkedUuid(id: string): string {
  if (!UUID.test(id)) throw new Error(`not a notebook id: ${JSON.stringify(id).slice(0, 60)}`);
  return id.toLowerCase();
}

/**
 * On embedded PGlite, which runs statements on the server's thread and has
 * no statement timeout, functions that only wait are not the reader's: a
 * `pg_sleep(1e6)` would hold the server. (Queries that work too long are
 * refused by their plan, primitives/sql/embedded-guard.ts.) PGlite's user
 * is the superuser, so this applies; Postgres keeps its defaults, where the
 * statement timeout stops a sleep.
 */
export const EMBEDDED_READER_REVOKES = [
  "REVOKE EXECUTE ON FUNCTION pg_catalog.pg_sleep(double precision) FROM PUBLIC",
  "REVOKE EXECUTE ON FUNCTION pg_catalog.pg_sleep_for(interval) FROM PUBLIC",
  "REVOKE EXECUTE ON FUNCTION pg_catalog.pg_sleep_until(timestamp with time zone) FROM PUBLIC",
];

/** Why the store cannot run a cell's query safely; the message says what an admin can do. */
export class ReaderUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReaderUnavailableError";
  }
}

/**
 * Switches `session` (an open read-only transaction) to the reader role with
 * a statement timeout, seeing the rows of `notebookIds` (and of no notebook). Refuses when the role is missing or could leave
 * itself: while PUBLIC may call set_config, a query could run
 * `set_config('role', <the store user>, true)` and read every table.
 * @example
 * await store.readOnly(async (session) => { await enterReaderRole(session, 30_000, readable); return session.query("select 1"); });
 */
export async function enterReaderRole(session: TextSession, statementTimeoutMs: number, notebookIds: readonly string[]): Promise<void> {
  const { rows } = await session.query(
    `select exists(select 1 from pg_roles where rolname = $1) as present,
            case when exists(select 1 from pg_roles where rolname = $1)
                 then has_function_privilege($1, 'pg_catalog.set_config(text, text, boolean)', 'EXECUTE') end as can_set,
            (select count(*) from pg_policies where policyname = $2) as scoped`,
    [READER_ROLE, SCOPE_POLICY],
  );
  const [present, canSet, scoped] = rows[0] ?? [];
  if (present !== "t") {
    throw new ReaderUnavailableError(`the store has no ${READER_ROLE} role (its user may not create roles); a database admin can run migration 0006's role statements as a superuser`);
  }
  if (canSet === "t") {
    throw new ReaderUnavailableError(
      `${READER_ROLE} may still call set_config and so leave its role; a database admin can run: REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC`,
    );
  }
  if (Number(scoped) < SCOPED_TABLES) {
    throw new ReaderUnavailableError(`the store lacks the row policies that keep each notebook's lineage and runs to its readers (migration 0007); a database admin can run that migration as the tables' owner`);
  }
  // SET takes no bind parameters; the number is checked, the ids are checked UUIDs, the role name is ours.
  await session.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.trunc(statementTimeoutMs))}`);
  await session.query(`SET LOCAL ${SCOPE_SETTING} = '{${notebookIds.map(checkedUuid).join(",")}}'`);
  try {
    await session.query(`SET LOCAL ROLE ${READER_ROLE}`);
  } catch (error) {
    throw new ReaderUnavailableError(`the store user may not switch to ${READER_ROLE} (${error instanceof Error ? error.message : String(error)}); a database admin can run: GRANT ${READER_ROLE} TO <the store user>`);
  }
}
