/**
 * Prelude entry, bundled by prelude-source.ts and run once in a fresh
 * context before any cell. It takes the boot globals the host set (and
 * deletes them), removes what gives ambient power or escapes the memory
 * limit, installs the cell globals and leaves `__tb_hooks` for the host.
 */
import type { CallFunction, EmitFunction, PreludeConfig, PreludeHooks } from "./protocol";
import { BOOT_GLOBALS, RESERVED_GLOBALS } from "./protocol";
import { createCellRunner } from "./cell-runner";
import { createConsole } from "./console";
import { createDisplay } from "./display";
import { createEmitter } from "./emit";
import { createHostCaller, deepFreeze, defineGlobal, installHostFunctions } from "./host-calls";

/**
 * Not in a cell's world: WebAssembly memory grows outside the isolate's
 * memory limit (isolated-vm does not count it); SharedArrayBuffer and Atomics
 * allow `Atomics.wait`, which blocks the isolate thread without using CPU
 * time; FinalizationRegistry callbacks would run cell code outside any run;
 * `console` is V8's inspector console, replaced by ours.
 */
const REMOVED_GLOBALS = ["WebAssembly", "SharedArrayBuffer", "Atomics", "FinalizationRegistry", "console"];

const global = globalThis as unknown as Record<string, unknown>;

function takeBootGlobal<T>(name: string): T {
  const value = global[name] as T;
  delete global[name];
  return value;
}

function boot(): void {
  const config = takeBootGlobal<PreludeConfig>(BOOT_GLOBALS.config);
  const hostEmit = takeBootGlobal<EmitFunction>(BOOT_GLOBALS.emit);
  const hostCall = takeBootGlobal<CallFunction>(BOOT_GLOBALS.call);
  for (const name of REMOVED_GLOBALS) delete global[name];

  const emit = createEmitter(hostEmit);
  const caller = createHostCaller(hostCall);
  const roots = installHostFunctions(global, config.hostFunctions, caller);
  defineGlobal(global, "display", createDisplay(emit, config.limits));
  defineGlobal(global, "console", createConsole(emit, config.limits));
  defineGlobal(global, "params", deepFreeze(config.params));

  const runner = createCellRunner(global, [...RESERVED_GLOBALS, ...roots], config.limits);
  const hooks: PreludeHooks = {
    runCell: runner.runCell,
    cancelRun: runner.cancelRun,
    forget: runner.forget,
    settleCall: caller.settle,
  };
  global[BOOT_GLOBALS.hooks] = hooks;
}

boot();
