import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { STATUS_CODES } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { DURABLE_PARAM } from "../protocol/collab";
import { AppError, errorBody, isAppError } from "../protocol/errors";
import type { Services } from "../runtime/services";
import { CLOSE, type Connection } from "./connection";
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

const HEARTBEAT_MS = 30_000;
let nextConnectionId = 1;

/**
 * The WebSocket transport of `/collab/<notebookId>`: admits the upgrade
 * (HTTP 401/403/404 before any WebSocket exists), then hands the socket to
 * the collab core. Other upgrade paths get 404.
 */
export function createUpgradeHandler(services: Services) {
  const limits = services.config.collab;
  // ws closes frames over maxPayload with 1009; below that the core answers 4413.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes * 2 });
  const alive = new WeakMap<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  function attach(ws: WebSocket, admitted: Awaited<ReturnType<typeof admitConnection>>, admittedAtEpoch: number, wantsDurable: boolean): void {
    alive.set(ws, true);
    ws.on("pong", () => alive.set(ws, true));
    const connection: Connection = {
      id: nextConnectionId++,
      principal: admitted.principal,
      readOnly: admitted.readOnly,
      wantsDurable,
      awarenessIds: new Set(),
      send(frame) {
        if (ws.readyState === ws.OPEN) ws.send(frame);
      },
      close(code, reason) {
        ws.close(code, reason);
      },
    };
    // Frames that arrive while the room loads wait, in order.
    const early: Uint8Array[] = [];
    let onFrame: ((frame: Uint8Array) => void) | null = null;
    let onClose: (() => void) | null = null;
    let closedEarly = false;
    ws.on("message", (data, isBinary) => {
      if (!isBinary) return connection.close(CLOSE.malformed.code, "text frames are not part of the protocol");
      // A view, not a copy: ws hands each message its own bytes.
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      const frame = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (onFrame) onFrame(frame);
      else early.push(frame);
    });
    ws.on("close", () => {
      if (onClose) onClose();
      else closedEarly = true;
    });
    ws.on("error", () => ws.terminate());
    services.collab.handleConnection(connection, admitted.notebookId, admittedAtEpoch).then(
      (handlers) => {
        onClose = handlers.onClose;
        if (closedEarly) return handlers.onClose();
        for (const frame of early.splice(0)) handlers.onFrame(frame);
        onFrame = handlers.onFrame;
      },
      (error: unknown) => {
        console.error("[collab] could not open the room:", error);
        connection.close(CLOSE.internal.code, CLOSE.internal.reason);
      },
    );
  }

  const handle = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on("error", () => socket.destroy());
    try {
      const url = new URL(request.url ?? "/", "http://localhost");
      const pathname = url.pathname;
      const notebookId = matchCollabPath(pathname);
      if (!notebookId) throw new AppError("not_found", `no WebSocket endpoint at ${pathname}`);
      const epoch = services.collab.accessEpoch(notebookId);
      const admitted = await admitConnection(services, request, notebookId);
      wss.handleUpgrade(request, socket, head, (ws) => attach(ws, admitted, epoch, url.searchParams.get(DURABLE_PARAM) === "1"));
    } catch (error) {
      refuse(socket, isAppError(error) ? error : new AppError("internal", "internal error"));
      if (!isAppError(error)) console.error("[collab] upgrade failed:", error);
    }
  };
  handle.close = () => {
    clearInterval(heartbeat);
    wss.close();
  };
  return handle;
}
