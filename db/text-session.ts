import type { PoolClient, ClientBase, QueryArrayConfig } from "pg";
import type { PGlite, Transaction } from "@electric-sql/pglite";

/**
 * Raw SQL on one connection inside one READ ONLY transaction, for queries a
 * person wrote (`data.query`). Every value comes back in Postgres's text
 * form, whatever its type, so the caller decides how to type it (the
 * drivers' own parsers differ: node-postgres gives int8 as text and
 * timestamps as local-time Dates, PGlite gives bigints and UTC Dates).
 * Statements always go through the extended protocol, which refuses a
 * string holding two statements: `select 1; reset role` cannot slip a
 * second command past the caller's checks.
 */
export type SqlParam = string | number | boolean | null;

export interface SqlField {
  name: string;
  /** The Postgres type OID of the column. */
  oid: number;
}

export interface TextResult {
  fields: SqlField[];
  rows: (string | null)[][];
}

export interface TextSession {
  query(text: string, params?: readonly SqlParam[]): Promise<TextResult>;
}

const identity = (value: string) => value;

/**
 * Runs `fn` in a READ ONLY transaction on a node-postgres client, rolled back
 * afterwards whatever happened (nothing it did could be kept anyway).
 * @example
 * const rows = await readOnlyOnPgClient(client, (s) => s.query("select 1 as one"));
 */
export async function readOnlyOnPgClient<T>(client: ClientBase, fn: (session: TextSession) => Promise<T>): Promise<T> {
  const outcome = await runReadOnly(client, fn);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/**
 * `readOnlyOnPgClient` on a client taken from a pool; a client whose
 * rollback failed (a lost connection) is destroyed rather than handed to
 * the next caller, and the error the caller sees is still `fn`'s own.
 */
export async function readOnlyOnPool<T>(connect: () => Promise<PoolClient>, fn: (session: TextSession) => Promise<T>): Promise<T> {
  const client = await connect();
  const outcome = await runReadOnly(client, fn).catch((error: unknown) => ({ ok: false as const, error, rolledBack: false }));
  client.release(outcome.rolledBack ? undefined : new Error("the read-only session could not be rolled back"));
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

type Outcome<T> = ({ ok: true; value: T } | { ok: false; error: unknown }) & { rolledBack: boolean };

async function runReadOnly<T>(client: ClientBase, fn: (session: TextSession) => Promise<T>): Promise<Outcome<T>> {
  const session: TextSession = {
    async query(text, params = []) {
      // queryMode "extended" is node-postgres's (missing from its types): without it, an empty values list uses the simple protocol.
      const config: QueryArrayConfig & { queryMode: "extended" } = {
        text,
        values: [...params],
        rowMode: "array",
        queryMode: "extended",
        types: { getTypeParser: () => identity },
      };
      const result = await client.query(config);
      return { fields: result.fields.map((f) => ({ name: f.name, oid: f.dataTypeID })), rows: result.rows as (string | null)[][] };
    },
  };
  await client.query("BEGIN READ ONLY");
  let result: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    result = { ok: true, value: await fn(session) };
  } catch (error) {
    result = { ok: false, error };
  }
  try {
    await client.query("ROLLBACK");
    return { ...result, rolledBack: true };
  } catch (error) {
    return result.ok ? { ok: false, error, rolledBack: false } : { ...result, rolledBack: false };
  }
}

/**
 * The same on embedded PGlite. Its transaction holds the database's one
 * connection, so the app's other queries wait until `fn` is done.
 */
export async function readOnlyOnPglite<T>(client: PGlite, fn: (session: TextSession) => Promise<T>): Promise<T> {
  // PGlite parses exactly the OIDs in its parser table (others arrive as text): the same table, all identity.
  const textParsers = Object.fromEntries(Object.keys(client.parsers).map((oid) => [oid, identity]));
  return client.transaction(async (tx: Transaction) => {
    const session: TextSession = {
      async query(text, params = []) {
        const result = await tx.query<unknown[]>(text, [...params], { rowMode: "array", parsers: textParsers });
        return { fields: result.fields.map((f) => ({ name: f.name, oid: f.dataTypeID })), rows: result.rows as (string | null)[][] };
      },
    };
    await tx.query("SET TRANSACTION READ ONLY");
    try {
      return await fn(session);
    } finally {
      await tx.rollback();
    }
  });
}
