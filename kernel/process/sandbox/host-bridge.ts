/**
 * The host side of the generic bridge. The prelude calls `start` through a
 * synchronous Callback that only registers the call and returns; the host
 * function runs afterwards, and its result (or its error's name and
 * message) goes back into the isolate through `settle`.
 */
import type { CellOutput } from "@/protocol/outputs";
import type { HostCallSettlement, HostErrorInfo } from "./prelude/protocol";
import type { HandleTable } from "./handles";
import type { HostFunction } from "./sandbox";
import { truncateText } from "./limits";
import { checkArguments, toIsolateValue } from "./host-values";

export const INTERRUPTED: HostErrorInfo = { name: "InterruptedError", message: "the cell was interrupted" };
export const BACKGROUND_TIMEOUT: HostErrorInfo = {
  name: "TimeoutError",
  message: "work left running by a finished cell used up its CPU time",
};

interface PendingCall {
  controller: AbortController;
}

export interface HostBridgeOptions {
  functions: Record<string, HostFunction>;
  handles: HandleTable;
  maxMessageChars: number;
  /** The cell a call is made on behalf of: the running one, or the last one for background work. */
  currentCellId(): string;
  /** Delivers a settlement into the isolate. */
  settle(callId: number, settlement: HostCallSettlement): void;
  /** An output a host function writes; null when accepted, else why not. */
  emit(output: CellOutput): HostErrorInfo | null;
}

export class HostBridge {
  private readonly pending = new Map<number, PendingCall>();
  private refusing: HostErrorInfo | null = null;
  private closed = false;

  constructor(private readonly options: HostBridgeOptions) {}

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Calls are accepted again (a new run starts). */
  open(): void {
    if (!this.closed) this.refusing = null;
  }

  /** Rejects the pending calls with `reason` and refuses new ones until `open`. */
  interrupt(reason: HostErrorInfo = INTERRUPTED): void {
    if (this.closed) return;
    this.refusing = reason;
    this.abortAll(reason);
  }

  /** For good: the sandbox is gone. */
  close(): void {
    this.closed = true;
    this.refusing = { name: "Error", message: "the sandbox was disposed" };
    for (const call of this.pending.values()) call.controller.abort();
    this.pending.clear();
  }

  /** The Callback the prelude calls; never throws (a thrown host error would carry a host stack). */
  start(callId: unknown, name: unknown, args: unknown): HostErrorInfo | null {
    try {
      if (typeof callId !== "number" || typeof name !== "string") return { name: "TypeError", message: "malformed host call" };
      if (this.refusing) return this.refusing;
      const fn = Object.hasOwn(this.options.functions, name) ? this.options.functions[name] : undefined;
      if (!fn) return { name: "TypeError", message: `${name} is not a host function` };
      const checked = checkArguments(name, args);
      const controller = new AbortController();
      this.pending.set(callId, { controller });
      const context = {
        cellId: this.options.currentCellId(),
        signal: controller.signal,
        handles: this.options.handles,
        emit: (output: CellOutput) => {
          const refusal = this.options.emit(output);
          if (refusal) throw Object.assign(new Error(refusal.message), { name: refusal.name });
        },
      };
      // The isolate waits on this Callback: run the host function after it returns.
      queueMicrotask(() => void this.invoke(callId, name, fn, checked, context));
      return null;
    } catch (error) {
      return this.errorInfo(error);
    }
  }

  private async invoke(
    callId: number,
    name: string,
    fn: HostFunction,
    args: unknown[],
    context: Parameters<HostFunction>[1],
  ): Promise<void> {
    let settlement: HostCallSettlement;
    try {
      const result = await fn(args, context);
      settlement = { ok: true, value: toIsolateValue(name, result, this.options.handles) };
    } catch (error) {
      settlement = { ok: false, ...this.errorInfo(error) };
    }
    if (!this.pending.delete(callId)) return; // aborted meanwhile: already settled
    this.options.settle(callId, settlement);
  }

  private abortAll(reason: HostErrorInfo): void {
    const ids = [...this.pending.keys()];
    for (const id of ids) {
      this.pending.get(id)?.controller.abort();
      this.pending.delete(id);
      this.options.settle(id, { ok: false, ...reason });
    }
  }

  private errorInfo(error: unknown): HostErrorInfo {
    const max = this.options.maxMessageChars;
    if (error instanceof Error) return { name: truncateText(String(error.name), 200), message: truncateText(String(error.message), max) };
    return { name: "Error", message: truncateText(String(error), max) };
  }
}
