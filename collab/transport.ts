import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { STATUS_CODES } from "node:http";
import { AppError, errorBody, isAppError } from "../protocol/errors";
import type { Services } from "../runtime/services";
import { admitConnection, matchCollabPath } from "./gate";

/** Answers a refused upgrade with a plain HTTP response and closes the socket. */
function refuse(socket: Duplex, error: AppError): void {
  const body = JSON.stringify(errorBody(error.code, error.message));
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? "Error"}\r\n` +
      "Content-Type: application/json\r\nConnection: close\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Handles `upgrade` events for `/collab/<notebookId>`. Other paths are
 * refused with 404. The document sync itself arrives with the collaboration
 * server; until then an admitted connection is answered 501.
 */
export function createUpgradeHandler(services: Services) {
  return async (request: IncomingMessage, socket: Duplex, _head: Buffer): Promise<void> => {
    socket.on("error", () => socket.destroy());
    try {
      const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
      const notebookId = matchCollabPath(pathname);
      if (!notebookId) throw new AppError("not_found", `no WebSocket endpoint at ${pathname}`);
      await admitConnection(services, request, notebookId);
      throw new AppError("not_implemented", "live collaboration is not available on this server yet");
    } catch (error) {
      refuse(socket, isAppError(error) ? error : new AppError("internal", "internal error"));
      if (!isAppError(error)) console.error("[collab] upgrade failed:", error);
    }
  };
}
