/**
 * The Sandbox implementation: boots an isolate with the prelude, runs cells
 * one at a time under a CPU-time watchdog, and turns every way a run can end
 * into a RunOutcome.
 */
import ivm from "isolated-vm";
import type { HostCallSettlement, PreludeConfig } from "./prelude/protocol";
import type { CompiledCell, HostFunction, RunOutcome, Sandbox, SandboxError, SandboxOptions } from "./sandbox";
import { BOOT_GLOBALS, RESERVED_GLOBALS } from "./prelude/protocol";
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from "./limits";
import { HandleTable } from "./handles";
import { BACKGROUND_TIMEOUT, HostBridge } from "./host-bridge";
import { toIsolateValue } from "./host-values";
import { OutputSink } from "./output-sink";
import { loadPreludeSource } from "./prelude-source";
import { parseCellResult } from "./cell-result";
import { sleepHostFunction } from "./sleep";

const WATCHDOG_INTERVAL_MS = 20;
const BOOT_TIMEOUT_MS = 10_000;
const HOST_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

type DisposeReason = "owner" | "timeout" | "interrupt" | "memory" | "catastrophic";

interface ActiveRun {
  runId: number;
  cellId: string;
  startCpu: bigint;
  done: boolean;
  interrupting: boolean;
  finish(outcome: RunOutcome): void;
}

interface Hooks {
  runCell: ivm.Reference<(fn: unknown, runId: number) => Promise<string>>;
  cancelRun: ivm.Reference<(runId: number) => void>;
  settleCall: ivm.Reference<(callId: number, settlement: HostCallSettlement) => void>;
  forget: ivm.Reference<(names: string[]) => void>;
}

export async function bootSandbox(options: SandboxOptions): Promise<Sandbox> {
  const limits: SandboxLimits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
  const functions: Record<string, HostFunction> = { sleep: sleepHostFunction, ...options.hostFunctions };
  checkOptions(options, functions);
  let sandbox: IsolateSandbox | null = null;
  const isolate = new ivm.Isolate({
    memoryLimit: options.memoryLimitMb,
    onCatastrophicError: (message) => sandbox?.onCatastrophe(message),
  });
  try {
    const context = await isolate.createContext();
    sandbox = new IsolateSandbox(isolate, context, options, limits, functions);
    await sandbox.boot();
    return sandbox;
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}

function checkOptions(options: SandboxOptions, functions: Record<string, HostFunction>): void {
  if (!(options.memoryLimitMb >= 8)) throw new RangeError("memoryLimitMb must be at least 8");
  if (!(options.cellTimeoutMs > 0)) throw new RangeError("cellTimeoutMs must be positive");
  const names = Object.keys(functions);
  for (const name of names) {
    if (!HOST_NAME.test(name)) throw new TypeError(`host function name "${name}" is not a dotted identifier`);
    const segments = name.split(".");
    if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) throw new TypeError(`host function name "${name}" is not allowed`);
    const root = segments[0] as string;
    if (RESERVED_GLOBALS.includes(root) && name !== "sleep") throw new TypeError(`host function name "${name}" shadows the ${root} global`);
    if (typeof functions[name] !== "function") throw new TypeError(`host function "${name}" is not a function`);
    const clash = names.find((other) => other.startsWith(`${name}.`));
    if (clash) throw new TypeError(`host function "${name}" clashes with the namespace of "${clash}"`);
  }
}

class IsolateSandbox implements Sandbox {
  private readonly handles = new HandleTable();
  private readonly sink: OutputSink;
  private readonly bridge: HostBridge;
  private hooks: Hooks | null = null;
  private current: ActiveRun | null = null;
  private lastCellId = "";
  private runCount = 0;
  private forgetQueue: string[] = [];
  private disposeReason: DisposeReason | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  /** CPU time when the last run ended: work it left running (settling host calls) shares one budget. */
  private idleSinceCpu = 0n;

  constructor(
    private readonly isolate: ivm.Isolate,
    private readonly context: ivm.Context,
    private readonly options: SandboxOptions,
    private readonly limits: SandboxLimits,
    private readonly functions: Record<string, HostFunction>,
  ) {
    this.sink = new OutputSink(limits, (cellId, output) => options.emit(cellId, output));
    this.bridge = new HostBridge({
      functions,
      handles: this.handles,
      maxMessageChars: limits.maxMessageChars,
      currentCellId: () => this.current?.cellId ?? this.lastCellId,
      settle: (callId, settlement) => void this.settleInIsolate(callId, settlement),
      // Host outputs pass the same checks and budget as the prelude's.
      emit: (output) => this.acceptOutput(JSON.stringify(output)),
    });
  }

  get disposed(): boolean {
    return this.disposeReason !== null || this.isolate.isDisposed;
  }

  async boot(): Promise<void> {
    const config: PreludeConfig = {
      hostFunctions: Object.keys(this.functions),
      params: toIsolateValue("params", this.options.params, this.handles) as Record<string, unknown>,
      limits: this.limits,
    };
    const jail = this.context.global;
    await jail.set(BOOT_GLOBALS.config, new ivm.ExternalCopy(config).copyInto({ release: true }));
    await jail.set(BOOT_GLOBALS.emit, new ivm.Callback((json: unknown) => this.acceptOutput(json)));
    await jail.set(
      BOOT_GLOBALS.call,
      new ivm.Callback((callId: unknown, name: unknown, args: unknown) => this.bridge.start(callId, name, args)),
    );
    const script = await this.isolate.compileScript(await loadPreludeSource(), { filename: "tracebook-prelude.js" });
    await script.run(this.context, { timeout: BOOT_TIMEOUT_MS });
    script.release();
    const hooks = (await jail.get(BOOT_GLOBALS.hooks, { reference: true })) as ivm.Reference<Record<string, unknown>>;
    await jail.delete(BOOT_GLOBALS.hooks);
    this.hooks = {
      runCell: await hooks.get("runCell", { reference: true }),
      cancelRun: await hooks.get("cancelRun", { reference: true }),
      settleCall: await hooks.get("settleCall", { reference: true }),
      forget: await hooks.get("forget", { reference: true }),
    } as Hooks;
    hooks.release();
  }

  async run(cell: CompiledCell): Promise<RunOutcome> {
    if (this.disposed) return internalOutcome("the sandbox was disposed; create a new one");
    if (this.current) return internalOutcome("another cell is running in this sandbox");
    let finish: (outcome: RunOutcome) => void = () => {};
    const done = new Promise<RunOutcome>((resolve) => (finish = resolve));
    const run: ActiveRun = {
      runId: ++this.runCount,
      cellId: cell.cellId,
      startCpu: this.isolate.cpuTime,
      done: false,
      interrupting: false,
      finish: (outcome) => {
        if (run.done) return;
        run.done = true;
        finish(outcome);
      },
    };
    this.current = run;
    this.lastCellId = cell.cellId;
    this.bridge.open();
    this.sink.begin(cell.cellId);
    this.startWatchdog(run);
    this.execute(run, cell).then(
      (outcome) => {
        if (!run.interrupting) run.finish(outcome);
      },
      (error: unknown) => {
        if (!run.interrupting) run.finish(this.outcomeFromError(error));
      },
    );
    const outcome = await done;
    this.stopWatchdog();
    this.current = null;
    if (!this.disposed) this.idleSinceCpu = this.isolate.cpuTime;
    if (!outcome.ok && outcome.error.kind === "timeout") this.bridge.interrupt();
    if (!this.disposed) this.sink.end();
    return outcome;
  }

  forget(names: string[]): void {
    for (const name of names) if (typeof name === "string") this.forgetQueue.push(name);
  }

  interrupt(): void {
    if (this.disposed) return;
    const run = this.current;
    if (run && !run.done && !run.interrupting) {
      run.interrupting = true;
      // Before the rejections below reach the cell, so a cell that catches them defines nothing.
      void this.hooks?.cancelRun.apply(undefined, [run.runId], { timeout: this.remainingMs(run) }).catch(() => {});
    }
    this.bridge.interrupt();
    if (!run || run.done) return;
    void this.waitForIdle().then((idle) => {
      if (!idle) this.shutdown("interrupt");
      run.finish(INTERRUPTED_OUTCOME);
    });
  }

  dispose(): void {
    this.shutdown("owner");
  }

  onCatastrophe(message: string): void {
    this.current?.finish(internalOutcome(`the isolate failed: ${message}`));
    this.shutdown("catastrophic");
  }

  private async execute(run: ActiveRun, cell: CompiledCell): Promise<RunOutcome> {
    const hooks = this.hooks;
    if (!hooks) return internalOutcome("the sandbox did not boot");
    if (this.forgetQueue.length > 0) {
      const names = this.forgetQueue;
      this.forgetQueue = [];
      await hooks.forget.apply(undefined, [names], { arguments: { copy: true }, timeout: this.remainingMs(run) });
    }
    let script: ivm.Script;
    try {
      script = await this.isolate.compileScript(cell.code, { filename: cell.filename });
    } catch (error) {
      if (this.isolate.isDisposed) throw error;
      return { ok: false, error: compileError(error, cell.filename) };
    }
    if (run.interrupting) return INTERRUPTED_OUTCOME;
    const fn = (await script.run(this.context, { reference: true, timeout: this.remainingMs(run) })) as ivm.Reference;
    script.release();
    // Interrupted while compiling: the cell must not start after its run has ended.
    if (run.interrupting) return INTERRUPTED_OUTCOME;
    const json: unknown = await hooks.runCell.apply(undefined, [fn.derefInto({ release: true }), run.runId], {
      timeout: this.remainingMs(run),
      result: { promise: true, copy: true },
    });
    return parseCellResult(json, this.limits);
  }

  private outcomeFromError(error: unknown): RunOutcome {
    const message = error instanceof Error ? error.message : String(error);
    if (this.disposeReason === "timeout" || /timed out/i.test(message)) {
      return { ok: false, error: { kind: "timeout", limitMs: this.options.cellTimeoutMs } };
    }
    if (/memory limit/i.test(message) || (this.isolate.isDisposed && this.disposeReason === null)) {
      this.shutdown("memory");
      return { ok: false, error: { kind: "memory", limitMb: this.options.memoryLimitMb } };
    }
    if (this.disposeReason !== null) return INTERRUPTED_OUTCOME;
    return internalOutcome(message);
  }

  /** Remaining CPU budget of a run in ms, as the timeout of each synchronous entry into the isolate. */
  private remainingMs(run: ActiveRun): number {
    const used = this.cpuMsSince(run.startCpu);
    return Math.max(1, Math.ceil(this.options.cellTimeoutMs - used));
  }

  private cpuMsSince(start: bigint): number {
    try {
      return Number(this.isolate.cpuTime - start) / 1e6;
    } catch {
      return 0;
    }
  }

  private startWatchdog(run: ActiveRun): void {
    this.watchdog = setInterval(() => {
      if (run.done) return;
      if (this.isolate.isDisposed && this.disposeReason === null) {
        this.shutdown("memory");
      } else if (this.cpuMsSince(run.startCpu) > this.options.cellTimeoutMs) {
        // CPU-bound across many small entries (microtasks, host round trips): only disposal stops it.
        this.shutdown("timeout");
      }
    }, WATCHDOG_INTERVAL_MS);
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  /** True when the isolate runs a no-op within the grace period, i.e. the cell is not CPU-bound. */
  private waitForIdle(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), this.limits.interruptGraceMs);
      this.context.eval("0").then(
        () => {
          clearTimeout(timer);
          resolve(true);
        },
        () => {
          clearTimeout(timer);
          resolve(false);
        },
      );
    });
  }

  private acceptOutput(json: unknown) {
    try {
      return this.sink.accept(json);
    } catch {
      return { name: "Error", message: "the kernel could not record this output" };
    }
  }

  private async settleInIsolate(callId: number, settlement: HostCallSettlement): Promise<void> {
    const hooks = this.hooks;
    if (!hooks || this.disposed) return;
    let copy: ivm.ExternalCopy<HostCallSettlement>;
    try {
      copy = new ivm.ExternalCopy(settlement);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      copy = new ivm.ExternalCopy<HostCallSettlement>({ ok: false, name: "TypeError", message: `the host result could not be copied: ${reason}` });
    }
    const run = this.current;
    if (!run && this.cpuMsSince(this.idleSinceCpu) > this.options.cellTimeoutMs) {
      copy.release();
      copy = new ivm.ExternalCopy<HostCallSettlement>({ ok: false, ...BACKGROUND_TIMEOUT });
      this.bridge.interrupt(BACKGROUND_TIMEOUT);
    }
    try {
      await hooks.settleCall.apply(undefined, [callId, copy.copyInto({ release: true })], {
        timeout: run ? this.remainingMs(run) : this.options.cellTimeoutMs,
      });
    } catch (error) {
      if (this.disposed) return;
      const outcome = this.outcomeFromError(error);
      if (run && !run.done) run.finish(outcome);
    }
  }

  private outcomeOfShutdown(reason: DisposeReason): RunOutcome {
    if (reason === "memory") return { ok: false, error: { kind: "memory", limitMb: this.options.memoryLimitMb } };
    if (reason === "timeout") return { ok: false, error: { kind: "timeout", limitMs: this.options.cellTimeoutMs } };
    if (reason === "catastrophic") return internalOutcome("the isolate failed");
    return INTERRUPTED_OUTCOME;
  }

  private shutdown(reason: DisposeReason): void {
    if (this.disposeReason !== null) return;
    this.disposeReason = reason;
    this.stopWatchdog();
    this.bridge.close();
    this.sink.close();
    this.handles.dispose();
    this.current?.finish(this.outcomeOfShutdown(reason));
    if (!this.isolate.isDisposed) {
      try {
        this.isolate.dispose();
      } catch {
        // Already gone (memory limit): nothing left to release.
      }
    }
  }
}

const INTERRUPTED_OUTCOME: RunOutcome = { ok: false, error: { kind: "interrupted" } };

function internalOutcome(message: string): RunOutcome {
  return { ok: false, error: { kind: "internal", message } };
}

/** A syntax error from compiling the cell; isolated-vm appends " [file:line:col]" to the message. */
function compileError(error: unknown, filename: string): SandboxError {
  const name = error instanceof Error ? error.name : "SyntaxError";
  const raw = error instanceof Error ? error.message : String(error);
  const location = /^(.*) \[([^\s[\]]+):(\d+):(\d+)\]$/s.exec(raw);
  const message = location ? (location[1] as string) : raw;
  const at = location && location[2] === filename ? `\n    at ${filename}:${location[3]}:${location[4]}` : "";
  return { kind: "exception", name, message, stack: `${name}: ${message}${at}` };
}
