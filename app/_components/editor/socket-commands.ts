import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { WebsocketProvider } from "y-websocket";
import { COMMAND_MESSAGE, type CommandReply, type KernelCommand } from "@/protocol/kernel";

/** How long a command waits for its reply before the caller falls back to HTTP. */
const REPLY_TIMEOUT_MS = 10_000;

/** Raised before anything is sent when the socket is down, so the caller can use the HTTP route instead. */
export class SocketUnavailable extends Error {}

/** A refusal from the server, with the API's error code. */
export class CommandRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Handler = (encoder: encoding.Encoder, decoder: decoding.Decoder) => void;

/**
 * Kernel commands over the notebook's collaboration socket. The frames go
 * out behind the edits typed before them on the same socket, so the server
 * runs exactly the text the user saw, with no wait for "saved" and no HTTP
 * round trip.
 *
 * @example
 * const channel = createCommandChannel(provider);
 * await channel.send({ op: "run", request: { scope: "cell", cellId } });
 */
export function createCommandChannel(provider: WebsocketProvider) {
  let nextId = 1;
  const waiting = new Map<number, { resolve(body: unknown): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> }>();
  const handlers = provider.messageHandlers as unknown as Handler[];
  handlers[COMMAND_MESSAGE] = (_encoder, decoder) => {
    const id = decoding.readVarUint(decoder);
    const reply = JSON.parse(decoding.readVarString(decoder)) as CommandReply;
    const entry = waiting.get(id);
    if (!entry) return;
    waiting.delete(id);
    clearTimeout(entry.timer);
    if (reply.ok) entry.resolve(reply.body);
    else entry.reject(new CommandRefused(reply.error.code, reply.error.message));
  };
  // A dropped socket never answers: fail what is waiting so the caller can retry over HTTP.
  const onStatus = ({ status }: { status: string }) => {
    if (status === "connected") return;
    for (const [id, entry] of waiting) {
      waiting.delete(id);
      clearTimeout(entry.timer);
      entry.reject(new Error("the connection dropped before the server answered; check the cell's state before running again"));
    }
  };
  provider.on("status", onStatus);
  return {
    send(command: KernelCommand): Promise<unknown> {
      const socket = provider.ws;
      if (!provider.wsconnected || !socket || socket.readyState !== WebSocket.OPEN) {
        return Promise.reject(new SocketUnavailable("not connected"));
      }
      const id = nextId++;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, COMMAND_MESSAGE);
      encoding.writeVarUint(encoder, id);
      encoding.writeVarString(encoder, JSON.stringify(command));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error("the server did not answer the run request in time"));
        }, REPLY_TIMEOUT_MS);
        waiting.set(id, { resolve, reject, timer });
        socket.send(encoding.toUint8Array(encoder));
      });
    },
    close(): void {
      provider.off("status", onStatus);
      delete handlers[COMMAND_MESSAGE];
      onStatus({ status: "closed" });
    },
  };
}

export type CommandChannel = ReturnType<typeof createCommandChannel>;
