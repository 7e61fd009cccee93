/**
 * Where the prelude's outputs land on the host: size limits per output and
 * per run, shape checks, HTML sanitizing, and updates of an output replaced
 * in place (a progress bar, a chart with an id) coalesced to one per interval
 * per output (the last state is always delivered). A live chart is charged to
 * the run's budget once, and again only for what it grows by.
 */
import { updateKey, type CellOutput } from "@/protocol/outputs";
import type { HostErrorInfo } from "./prelude/protocol";
import type { SandboxLimits } from "./limits";
import { sanitizeHtml } from "./html-sanitizer";
import { checkEmittedOutput } from "./output-guard";

interface PendingUpdate {
  cellId: string;
  output: CellOutput;
}

export class OutputSink {
  private cellId: string | null = null;
  private bytes = 0;
  private count = 0;
  private omittedOutputs = 0;
  private omittedBytes = 0;
  private readonly lastUpdateAt = new Map<string, number>();
  private readonly pendingUpdates = new Map<string, PendingUpdate>();
  /** Bytes charged so far per live chart of the current run. */
  private readonly charged = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly limits: SandboxLimits,
    private readonly deliver: (cellId: string, output: CellOutput) => void,
  ) {}

  /** Starts a run's budget; later background output is charged to the same cell. */
  begin(cellId: string): void {
    this.flushUpdates();
    this.charged.clear();
    this.cellId = cellId;
    this.bytes = 0;
    this.count = 0;
    this.omittedOutputs = 0;
    this.omittedBytes = 0;
  }

  /** Ends a run: pending progress is delivered and a truncation marker written if output was cut. */
  end(): void {
    this.flushUpdates();
    if (this.cellId !== null && this.omittedOutputs > 0) {
      this.deliver(this.cellId, {
        type: "truncated",
        omittedOutputs: this.omittedOutputs,
        omittedBytes: this.omittedBytes,
        limitBytes: this.limits.maxRunOutputBytes,
      });
      this.omittedOutputs = 0;
      this.omittedBytes = 0;
    }
  }

  /** Called with the prelude's JSON; returns why it was refused, or null. */
  accept(json: unknown): HostErrorInfo | null {
    if (this.closed || this.cellId === null) return { name: "Error", message: "no cell is running" };
    if (typeof json !== "string") return { name: "TypeError", message: "malformed output" };
    const size = Buffer.byteLength(json);
    if (size > this.limits.maxOutputBytes) {
      return { name: "RangeError", message: `output of ${size} bytes is over the ${this.limits.maxOutputBytes}-byte limit for one output` };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return { name: "TypeError", message: "malformed output" };
    }
    const output = checkEmittedOutput(parsed);
    if (!output) return { name: "TypeError", message: "malformed output" };
    const key = updateKey(output);
    if (output.type === "progress") {
      this.queueUpdate(this.cellId, key!, output, output.done);
      return null;
    }
    const previous = key === null ? undefined : this.charged.get(key);
    const grown = previous === undefined ? size : Math.max(0, size - previous);
    const counted = previous === undefined ? 1 : 0;
    if (this.bytes + grown > this.limits.maxRunOutputBytes || this.count + counted > this.limits.maxRunOutputs) {
      this.omittedOutputs++;
      this.omittedBytes += size;
      return {
        name: "RangeError",
        message: `output limit reached: a cell may write ${this.limits.maxRunOutputs} outputs and ${this.limits.maxRunOutputBytes} bytes; further output is dropped`,
      };
    }
    this.bytes += grown;
    this.count += counted;
    if (key !== null) {
      this.charged.set(key, Math.max(size, previous ?? 0));
      this.queueUpdate(this.cellId, key, output, false);
      return null;
    }
    this.deliver(this.cellId, output.type === "html" ? { type: "html", html: sanitizeHtml(output.html) } : output);
    return null;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pendingUpdates.clear();
  }

  /** The first state and a final one (`done`) go out at once; states in between at most once per interval. */
  private queueUpdate(cellId: string, key: string, output: CellOutput, done: boolean): void {
    const now = Date.now();
    const last = this.lastUpdateAt.get(key);
    if (done || last === undefined || now - last >= this.limits.progressIntervalMs) {
      this.pendingUpdates.delete(key);
      this.lastUpdateAt.set(key, now);
      if (done) this.lastUpdateAt.delete(key);
      this.deliver(cellId, output);
      return;
    }
    this.pendingUpdates.set(key, { cellId, output });
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flushUpdates();
    }, this.limits.progressIntervalMs);
  }

  private flushUpdates(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = [...this.pendingUpdates.entries()];
    this.pendingUpdates.clear();
    for (const [key, { cellId, output }] of pending) {
      this.lastUpdateAt.set(key, Date.now());
      this.deliver(cellId, output);
    }
  }
}
