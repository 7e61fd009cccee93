import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";

/**
 * A real y-websocket client in Node, authenticated with an API token (the
 * browser uses its session cookie; `ws` lets Node send a header instead).
 */
export function connectDoc(
  baseUrl: string,
  notebookId: string,
  token: string,
  options: { doc?: Y.Doc; connect?: boolean } = {},
): { doc: Y.Doc; provider: WebsocketProvider; closes: Array<{ code: number; reason: string }> } {
  const doc = options.doc ?? new Y.Doc();
  const closes: Array<{ code: number; reason: string }> = [];
  class AuthedSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { authorization: `Bearer ${token}` } });
      this.on("close", (code, reason) => closes.push({ code, reason: reason.toString() }));
    }
  }
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, "ws") + "/collab", notebookId, doc, {
    WebSocketPolyfill: AuthedSocket as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    disableBc: true,
  });
  return { doc, provider, closes };
}

/** Waits until `check` holds, polling; fails with `what` after the deadline. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
