/**
 * Where the prelude's outputs land on the host: size limits per output and
 * per run, shape checks, HTML sanitizing, and progress updates coalesced to
 * one per interval per bar (the last state is always delivered).
 */
import type { CellOutput } from "@/protocol/outputs";
import type { HostErrorInfo } from "./prelude/protocol";
import type { SandboxLimits } from "./limits";
import { sanitizeHtml } from "./html-sanitizer";
import { checkEmittedOutput } from "./output-guard";

type ProgressOutput = Extract<CellOutput, { type: "progress" }>;

interface PendingProgress {
  cellId: string;
  output: ProgressOutput;
}

export class OutputSink {
  private cellId: string | null = null;
  private bytes = 0;
  private count = 0;
  private omittedOutputs = 0;
  private omittedBytes = 0;
  private readonly lastProgressAt = new Map<string, number>();
  private readonly pendingProgress = new Map<string, PendingProgress>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly limits: SandboxLimits,
    private readonly deliver: (cellId: string, output: CellOutput) => void,
  ) {}

  /** Starts a run's budget; later background output is charged to the same cell. */
  begin(cellId: string): void {
    this.flushProgress();
    this.cellId = cellId;
    this.bytes = 0;
    this.count = 0;
    this.omittedOutputs = 0;
    this.omittedBytes = 0;
  }

  /** Ends a run: pending progress is delivered and a truncation marker written if output was cut. */
  end(): void {
    this.flushProgress();
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
    if (output.type === "progress") {
      this.queueProgress(this.cellId, output);
      return null;
    }
    if (this.bytes + size > this.limits.maxRunOutputBytes || this.count + 1 > this.limits.maxRunOutputs) {
      this.omittedOutputs++;
      this.omittedBytes += size;
      return {
        name: "RangeError",
        message: `output limit reached: a cell may write ${this.limits.maxRunOutputs} outputs and ${this.limits.maxRunOutputBytes} bytes; further output is dropped`,
      };
    }
    this.bytes += size;
    this.count++;
    this.deliver(this.cellId, output.type === "html" ? { type: "html", html: sanitizeHtml(output.html) } : output);
    return null;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pendingProgress.clear();
  }

  private queueProgress(cellId: string, output: ProgressOutput): void {
    const now = Date.now();
    const last = this.lastProgressAt.get(output.id);
    if (output.done || last === undefined || now - last >= this.limits.progressIntervalMs) {
      this.pendingProgress.delete(output.id);
      this.lastProgressAt.set(output.id, now);
      if (output.done) this.lastProgressAt.delete(output.id);
      this.deliver(cellId, output);
      return;
    }
    this.pendingProgress.set(output.id, { cellId, output });
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flushProgress();
    }, this.limits.progressIntervalMs);
  }

  private flushProgress(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = [...this.pendingProgress.values()];
    this.pendingProgress.clear();
    for (const { cellId, output } of pending) {
      this.lastProgressAt.set(output.id, Date.now());
      this.deliver(cellId, output);
    }
  }
}
