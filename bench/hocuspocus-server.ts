import { Database } from "@hocuspocus/extension-database";
import { Server } from "@hocuspocus/server";

/**
 * The reference server of `collab-broadcast`, run as its own process like
 * ours: Hocuspocus 4 with its Database extension storing each document's
 * whole state in Postgres (`DATABASE_URL`) or in PGlite (`PGLITE_DIR`).
 * The extension stores after a debounce (2 s, at most 10 s), after the
 * updates were broadcast; Tracebook stores every update before.
 * Prints `hocuspocus listening on <url>` once ready.
 */

interface SqlClient {
  query(text: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  close(): Promise<void>;
}

async function openClient(): Promise<SqlClient> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    return { query: (text, params) => pool.query(text, params), close: () => pool.end() };
  }
  const dir = process.env.PGLITE_DIR;
  if (!dir) throw new Error("set DATABASE_URL or PGLITE_DIR");
  const { PGlite } = await import("@electric-sql/pglite");
  const client = new PGlite(dir);
  await client.waitReady;
  return {
    query: (text, params) => client.query<Record<string, unknown>>(text, params),
    close: () => client.close(),
  };
}

const client = await openClient();
await client.query("create table if not exists hocuspocus_documents (name text primary key, data bytea not null)");

const server = new Server({
  port: 0,
  address: "127.0.0.1",
  quiet: true,
  stopOnSignals: false,
  extensions: [
    new Database({
      fetch: async ({ documentName }) => {
        const { rows } = await client.query("select data from hocuspocus_documents where name = $1", [documentName]);
        const data = rows[0]?.data;
        return data instanceof Uint8Array ? data : null;
      },
      store: async ({ documentName, state }) => {
        await client.query(
          "insert into hocuspocus_documents (name, data) values ($1, $2) on conflict (name) do update set data = excluded.data",
          [documentName, state],
        );
      },
    }),
  ],
});
await server.listen();
console.log(`hocuspocus listening on ${server.webSocketURL}`);

process.once("SIGTERM", () => {
  // destroy() stores every document still waiting for its debounce.
  void server
    .destroy()
    .then(() => client.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("hocuspocus shutdown failed:", error);
        process.exit(1);
      },
    );
});
