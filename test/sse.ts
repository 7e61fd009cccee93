import type { ApiClient } from "./client";

/** One parsed Server-Sent Events message. `event` is "message" when the server named none. */
export interface ServerEvent {
  event: string;
  data: string;
}

/**
 * Reads a text/event-stream body message by message, as a browser's
 * EventSource would parse it; comment lines (heartbeats) are counted apart.
 */
export class EventReader {
  readonly comments: string[] = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = "";
  private queue: ServerEvent[] = [];
  private done = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }

  /** The next message, or null once the server has ended the stream. */
  async next(timeoutMs = 15_000): Promise<ServerEvent | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0 && !this.done) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for a server event");
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), left)));
      const result = await Promise.race([this.reader.read(), timeout]);
      clearTimeout(timer);
      if (result === "timeout") throw new Error("timed out waiting for a server event");
      if (result.done) this.done = true;
      else this.parse(this.decoder.decode(result.value, { stream: true }));
    }
    return this.queue.shift() ?? null;
  }

  /** Skips messages until one of this type arrives; fails when the stream ends first. */
  async nextOf(type: string, timeoutMs = 15_000): Promise<ServerEvent> {
    for (;;) {
      const message = await this.next(timeoutMs);
      if (!message) throw new Error(`the stream ended before a "${type}" event`);
      if (message.event === type) return message;
    }
  }

  /** Whether the stream has ended (reads what is left, up to the deadline). */
  async ended(timeoutMs = 15_000): Promise<ServerEvent[]> {
    const rest: ServerEvent[] = [];
    for (let message = await this.next(timeoutMs); message; message = await this.next(timeoutMs)) rest.push(message);
    return rest;
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }

  private parse(text: string): void {
    this.buffer += text.replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = this.buffer.indexOf("\n\n")) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) {
          this.comments.push(line.slice(1).trim());
          continue;
        }
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
      if (data.length > 0) this.queue.push({ event, data: data.join("\n") });
    }
  }
}

/**
 * Opens an event stream as this client (its cookies or bearer token). A
 * refusal comes back as status and JSON body, with no reader.
 */
export async function openEventStream(
  client: ApiClient,
  path: string,
  signal?: AbortSignal,
): Promise<{ status: number; headers: Headers; reader: EventReader | null; body: unknown }> {
  const headers: Record<string, string> = { accept: "text/event-stream" };
  if (client.bearer) headers.authorization = `Bearer ${client.bearer}`;
  if (client.cookies.size) headers.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const response = await fetch(client.baseUrl + path, { headers, signal });
  if (response.headers.get("content-type")?.startsWith("text/event-stream") && response.body) {
    return { status: response.status, headers: response.headers, reader: new EventReader(response.body), body: null };
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text for the assertion message
  }
  return { status: response.status, headers: response.headers, reader: null, body };
}
