import type { Socket } from "node:net";
import WebSocket from "ws";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { followStoredState, STORED_STATE_PARAMS, type StoredState } from "../app/_components/editor/stored-state";

export interface DocClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: Array<{ code: number; reason: string }>;
  /** The server's stored state vector, as the editor follows it; only with `storedState: true`. */
  stored: StoredState | null;
}

/**
 * A real y-websocket client in Node, authenticated with an API token (the
 * browser uses its session cookie; `ws` lets Node send a header instead).
 */
export function connectDoc(
  baseUrl: string,
  notebookId: string,
  token: string,
  options: {
    doc?: Y.Doc;
    connect?: boolean;
    /**
     * Hand up to this many frames to the OS in one write, as a browser's
     * network thread does, instead of one system call per keystroke (for
     * benchmarks that type thousands of edits in one go). Frames are unchanged.
     */
    coalesceWrites?: number;
    /**
     * Sees every document update the server sends (sync step 2 and update
     * frames), byte for byte as it arrived: what the server vouched for, as
     * opposed to what the client's document emits after applying it (which
     * also holds the client's own unsent items that the update deleted).
     */
    onServerUpdate?: (update: Uint8Array) => void;
    /** Ask for the server's stored state vector, as the editor does for "saved". */
    storedState?: boolean;
  } = {},
): DocClient {
  const doc = options.doc ?? new Y.Doc();
  const closes: Array<{ code: number; reason: string }> = [];
  const coalesce = options.coalesceWrites ?? 0;
  class AuthedSocket extends WebSocket {
    private corked = 0;
    private generation = 0;
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { authorization: `Bearer ${token}` } });
      this.on("close", (code, reason) => closes.push({ code, reason: reason.toString() }));
      const onServerUpdate = options.onServerUpdate;
      if (onServerUpdate) {
        // The provider sets binaryType "arraybuffer"; ws then hands listeners an ArrayBuffer.
        this.on("message", (data: ArrayBuffer | Buffer | Buffer[]) => {
          const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(Array.isArray(data) ? Buffer.concat(data) : data);
          const update = readSyncUpdate(bytes);
          if (update) onServerUpdate(update);
        });
      }
    }
    override send(data: unknown, ...rest: unknown[]): void {
      const socket = (this as unknown as { _socket?: Socket })._socket;
      const send = super.send.bind(this) as (...args: unknown[]) => void;
      if (coalesce <= 1 || !socket || this.readyState !== WebSocket.OPEN) return send(data, ...rest);
      if (this.corked === 0) {
        socket.cork();
        const generation = ++this.generation;
        setImmediate(() => generation === this.generation && this.uncork(socket));
      }
      this.corked += 1;
      send(data, ...rest);
      if (this.corked >= coalesce) this.uncork(socket);
    }
    private uncork(socket: Socket): void {
      if (this.corked === 0) return;
      this.corked = 0;
      this.generation += 1;
      socket.uncork();
    }
  }
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, "ws") + "/collab", notebookId, doc, {
    WebSocketPolyfill: AuthedSocket as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    disableBc: true,
    ...(options.storedState ? { params: STORED_STATE_PARAMS } : {}),
  });
  const stored = options.storedState ? followStoredState(provider) : null;
  return { doc, provider, closes, stored };
}

const MESSAGE_SYNC = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** The document update a y-websocket frame carries, or null for any other frame. */
function readSyncUpdate(frame: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
  const step = decoding.readVarUint(decoder);
  return step === SYNC_STEP_2 || step === SYNC_UPDATE ? decoding.readVarUint8Array(decoder) : null;
}

/** Whether a state vector (the stored one a server sent, say) covers everything `doc` holds. */
export function storedCovers(stored: Map<number, number> | null, doc: Y.Doc): boolean {
  if (stored === null) return false;
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) if ((stored.get(client) ?? 0) < clock) return false;
  return true;
}

/** Waits until `check` holds, polling; fails with `what` after the deadline. */
export async function waitFor(check: () => boolean, what: string | (() => string), timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the server answered the provider's sync step 1 on its current connection. */
export function waitSynced(client: DocClient, timeoutMs = 20_000): Promise<void> {
  return waitFor(() => client.provider.synced, "the provider to sync", timeoutMs);
}

/**
 * The server's current document as a brand-new client sees it: connects,
 * waits for sync, disconnects.
 */
export async function readFresh(baseUrl: string, notebookId: string, token: string): Promise<Y.Doc> {
  const client = connectDoc(baseUrl, notebookId, token);
  try {
    await waitSynced(client);
    return client.doc;
  } finally {
    client.provider.destroy();
  }
}
