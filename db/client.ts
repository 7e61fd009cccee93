import path from "node:path";
import { fileURLToPath } from "node:url";
import { mkdir } from "node:fs/promises";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema/index";
import { readOnlyOnPglite, readOnlyOnPool, type TextSession } from "./text-session";
import { EMBEDDED_READER_REVOKES } from "./reader";

/** One database handle type for both drivers: queries are written once. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type StoreKind = "pglite" | "postgres";

export interface Store {
  readonly kind: StoreKind;
  readonly db: Database;
  /** Resolves when the store is reachable and answers a trivial query. */
  ping(): Promise<void>;
  /** Raw SQL on one connection in a READ ONLY transaction, values as text (db/text-session.ts; used by db/reader.ts). */
  readOnly<T>(fn: (session: TextSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** node-postgres connection string; when absent, embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  pgliteDir: string;
  /** Apply committed migrations before returning (the server always does). */
  migrate?: boolean;
}

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Opens the store named by the options and brings its schema up to date.
 *
 * @example
 * const store = await openStore({ pgliteDir: ".tracebook/pglite" });
 * await store.db.select().from(users);
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : await openPglite(options.pgliteDir);
  if (options.migrate !== false) {
    try {
      await migrateStore(store);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

async function openPostgres(url: string): Promise<Store> {
  const [{ Pool }, { drizzle }] = await Promise.all([import("pg"), import("drizzle-orm/node-postgres")]);
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle client that loses its connection emits 'error'; without a
  // listener that would crash the process instead of failing one query.
  pool.on("error", (error) => console.error("[db] idle client error:", error.message));
  const db = drizzle({ client: pool, schema }) as unknown as Database;
  return {
    kind: "postgres",
    db,
    ping: async () => {
      await pool.query("select 1");
    },
    readOnly: (fn) => readOnlyOnPool(() => pool.connect(), fn),
    close: () => pool.end(),
  };
}

async function openPglite(dir: string): Promise<Store> {
  const [{ PGlite }, { drizzle }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
  ]);
  if (!dir.startsWith("memory://")) await mkdir(dir, { recursive: true });
  const client = new PGlite(dir, { parsers: { [BYTEA_OID]: parseBytea }, serializers: { [BYTEA_OID]: serializeBytea } });
  await client.waitReady;
  for (const statement of EMBEDDED_READER_REVOKES) await client.exec(statement);
  const db = drizzle({ client, schema }) as unknown as Database;
  return {
    kind: "pglite",
    db,
    ping: async () => {
      await client.query("select 1");
    },
    readOnly: (fn) => readOnlyOnPglite(client, fn),
    close: () => client.close(),
  };
}

const BYTEA_OID = 17;

/**
 * bytea in Postgres's hex text form, through Buffer's native hex codec.
 * PGlite's own converts byte by byte in JS (a parseInt per byte), which
 * made reading and writing notebook snapshots (hundreds of kB, compacted
 * every 500 commits) most of the embedded store's time under a fast typist.
 */
function parseBytea(text: string): Uint8Array {
  const bytes = Buffer.from(text.slice(2), "hex");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function serializeBytea(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new TypeError("bytea: expected a Uint8Array");
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
}

async function migrateStore(store: Store): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (store.kind === "postgres") {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(store.db as never, config);
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(store.db as never, config);
  }
}
