import ivm from "isolated-vm";
import type { CompiledCell } from "./compile";

/**
 * Test support: an isolate that runs compiled cells the way the kernel's
 * runner does (each `defs` entry becomes a global), so the compile contract
 * is checked against real V8 inside isolated-vm. Not used in production.
 */
export interface TestIsolate {
  /** Runs a cell; resolves to its value as JSON and its defined names. */
  run(cell: CompiledCell): Promise<{ value: unknown; hasValue: boolean; defs: string[] }>;
  /** Runs a cell that throws; resolves to the error's fields read inside the isolate. */
  runFailing(cell: CompiledCell): Promise<{ name: string; message: string; stack: string }>;
  /** Runs a cell that throws, letting the error cross to the host. */
  runOnHost(cell: CompiledCell): Promise<unknown>;
  evaluate(code: string, filename: string): Promise<unknown>;
  dispose(): void;
}

const RUNNER_FILE = "tracebook-test-runner.js";

export async function createTestIsolate(): Promise<TestIsolate> {
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = await isolate.createContext();
  const runner = await isolate.compileScript(
    `globalThis.__runCell = async (fn) => {
  const result = await fn();
  for (const [name, value] of Object.entries(result.defs)) globalThis[name] = value;
  return JSON.stringify({ value: result.value, hasValue: result.hasValue, defs: Object.keys(result.defs) });
};
globalThis.__catchCell = async (fn) => {
  try { await fn(); } catch (error) { return JSON.stringify({ name: error.name, message: error.message, stack: error.stack }); }
  throw new Error("the cell did not throw");
};`,
    { filename: RUNNER_FILE },
  );
  await runner.run(context);

  async function load(cell: CompiledCell): Promise<void> {
    const script = await isolate.compileScript(cell.code, { filename: cell.filename });
    const fn = (await script.run(context, { reference: true })) as ivm.Reference<unknown>;
    await context.global.set("__cell", fn.derefInto());
  }

  return {
    async run(cell) {
      await load(cell);
      const json = (await context.eval("__runCell(__cell)", { promise: true, filename: RUNNER_FILE })) as string;
      return JSON.parse(json) as { value: unknown; hasValue: boolean; defs: string[] };
    },
    async runFailing(cell) {
      await load(cell);
      const json = (await context.eval("__catchCell(__cell)", { promise: true, filename: RUNNER_FILE })) as string;
      return JSON.parse(json) as { name: string; message: string; stack: string };
    },
    async runOnHost(cell) {
      await load(cell);
      return context.eval("__runCell(__cell)", { promise: true, filename: RUNNER_FILE });
    },
    async evaluate(code, filename) {
      return context.eval(code, { filename, copy: true });
    },
    dispose() {
      isolate.dispose();
    },
  };
}
