import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/client";
import { deleteConnection, findConnectionByName, insertConnection, listConnections, type ConnectionRow } from "../../db/queries/connections";
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
}

/**
 * @example
 * const connections = createConnections({ db: store.db });
 * await connections.create(admin, { name: "warehouse", url: "postgres://reader:pw@db:5432/sales" });
 */
export function createConnections(options: { db: Database }): Connections {
  const { db } = options;
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
        return shown(await insertConnection(db, { name: input.name, url: input.url, createdBy: principal.user.id }));
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
      if (row) return { url: row.url, namespace: connectionNamespace(row.url) };
      const known = (await listConnections(db)).map((c) => c.name);
      const listed = known.length ? `connections: ${known.join(", ")}` : "an admin adds them in Settings → Kernel";
      throw new SqlQueryError("unknown_connection", `no connection named "${name}" (${listed})`, { connection: name, known });
    },
  };
}

function shown(row: ConnectionRow): WorkspaceConnection {
  return { id: row.id, name: row.name, url: maskConnectionUrl(row.url), namespace: connectionNamespace(row.url), createdAt: row.createdAt.toISOString() };
}
