import type { IncomingMessage } from "node:http";
import { AppError } from "../protocol/errors";
import type { Principal } from "../auth/index";
import type { Services } from "../runtime/services";

export interface AdmittedConnection {
  principal: Principal;
  notebookId: string;
  /** viewer and reviewer connections may not change the document. */
  readOnly: boolean;
}

const COLLAB_PATH = /^\/collab\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Whether an upgrade path belongs to the collaboration endpoint. */
export function matchCollabPath(pathname: string): string | null {
  const match = COLLAB_PATH.exec(pathname);
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * Decides a WebSocket upgrade with the same policy as the HTTP API:
 * 401 without credentials, 404 for a notebook the user cannot see.
 */
export async function admitConnection(services: Services, request: IncomingMessage, notebookId: string): Promise<AdmittedConnection> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const principal = await services.auth.authenticate(headers);
  if (!principal) throw new AppError("unauthenticated", "sign in or send an API token");
  // Browsers send cookies on cross-site WebSocket upgrades too; only this site may open one.
  if (principal.via === "session") services.auth.checkOrigin(headers);
  const { role } = await services.notebooks.access(principal, notebookId, "notebook.read");
  return { principal, notebookId, readOnly: !services.notebooks.can(role, "notebook.edit") };
}
