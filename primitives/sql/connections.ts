import type { Principal } from "../../auth/principal";
import { isSealed, SecretBoxError, type SecretBox } from "../../auth/secret-box";
import type { Database } from "../../db/client";
import { deleteConnection, findConnectionByName, insertConnection, listConnections, updateConnectionUrl, type ConnectionRow } from "../../db/queries/connections";
import { isUniqueViolation } from "../../db/queries/executor";
import { AppError } from "../../protocol/errors";
import type { WorkspaceConnection } from "../../protocol/connections";
import { SqlQueryError } from "./answer";
import { connectionNamespace, maskConnectionUrl, parseConnectionUrl } from "./connection-url";

/**
 * Workspace connections: admins add and remove them, anyone signed in sees
 * them masked, and the server (never a cell) resolves a name to its URL
 * when a cell queries it.
 */
export interface Connections {
  list(principal: Principal): Promise<WorkspaceConnection[]>;
  create(principal: Principal, input: { name: string; url: string }): Promise<WorkspaceConnection>;
  remove(principal: Principal, id: string): Promise<void>;
  /** The URL behind a name, for the server's query runner; an unknown name lists the known ones. */
  resolve(name: string): Promise<{ url: string; namespace: string }>;
  /** Seals URLs stored before sealing existed; returns how many it sealed. */
  sealPlainUrls(): Promise<number>;
}

/**
 * URLs are stored sealed with the server's secret key (auth/secret-box.ts):
 * the database alone does not hold a usable password.
 *
 * @example
 * const connections = createConnections({ db: store.db, box: createSecretBox(key) });
 * await connections.create(admin, { name: "warehouse", url: "postgres://reader:pw@db:5432/sales" });
 */
export function createConnections(options: { db: Database; box: SecretBox }): Connections {
  const { db, box } = options;
  /** The stored URL in the clear; null when it was sealed with another key. */
  const urlOf = (row: ConnectionRow): string | null => {
    if (!isSealed(row.url)) return row.url;
    try {
      return box.open(row.url);
    } catch (error) {
      if (error instanceof SecretBoxError) return null;
      throw error;
    }
  };
  const shown = (row: ConnectionRow): WorkspaceConnection => {
    const url = urlOf(row);
    const base = { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
    if (url === null) return { ...base, url: UNREADABLE, namespace: "" };
    return { ...base, url: maskConnectionUrl(url), namespace: connectionNamespace(url) };
  };
  const requireAdmin = (principal: Principal) => {
    if (principal.user.role !== "admin") throw new AppError("forbidden", "only a workspace admin manages connections");
  };
  return {
    async list() {
      return (await listConnections(db)).map(shown);
    },
    async create(principal, input) {
      requireAdmin(principal);
      const url = parseConnectionUrl(input.url);
      if (url instanceof Error) throw new AppError("invalid_body", `url: ${url.message}`);
      try {
        return shown(await insertConnection(db, { name: input.name, url: box.seal(input.url), createdBy: principal.user.id }));
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError("conflict", `a connection named "${input.name}" exists already`);
        throw error;
      }
    },
    async remove(principal, id) {
      requireAdmin(principal);
      if (!(await deleteConnection(db, id))) throw new AppError("not_found", "no such connection");
    },
    async resolve(name) {
      const row = await findConnectionByName(db, name);
      if (row) {
        const url = urlOf(row);
        if (url === null) {
          throw new SqlQueryError("unavailable", `the connection "${name}" was stored under another secret key (TRACEBOOK_SECRET_KEY or secret.key changed); an admin adds it again`, { connection: name });
        }
        return { url, namespace: connectionNamespace(url) };
      }
      const known = (await listConnections(db)).map((c) => c.name);
      const listed = known.length ? `connections: ${known.join(", ")}` : "an admin adds them in Settings → Kernel";
      throw new SqlQueryError("unknown_connection", `no connection named "${name}" (${listed})`, { connection: name, known });
    },
    async sealPlainUrls() {
      let sealed = 0;
      for (const row of await listConnections(db)) {
        if (isSealed(row.url)) continue;
        await updateConnectionUrl(db, row.id, row.url, box.seal(row.url));
        sealed += 1;
      }
      return sealed;
    },
  };
}

/** What the API shows for a URL this server cannot open. */
const UNREADABLE = "(sealed with another secret key)";
