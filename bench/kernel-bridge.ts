import ivm from "isolated-vm";
import { createSandbox, type Sandbox } from "../kernel/process/sandbox/sandbox";
import { median, printRatio } from "./stats";

/**
 * One host function call from code in the isolate, through the sandbox's
 * bridge (a trivial echo host function), against the bare isolated-vm call
 * it is built on: `reference.apply(undefined, [i], { result: { promise: true } })`
 * awaited in the isolate. Both are timed the same way: a loop of CALLS calls
 * minus an empty loop, divided by CALLS, median over the rounds. Goal: 2x.
 */

const CALLS = 2000;
const ROUNDS = 15;
const MEMORY_MB = 128;


async function timeBareReference(): Promise<number[]> {
  const isolate = new ivm.Isolate({ memoryLimit: MEMORY_MB });
  try {
    const context = await isolate.createContext();
    await context.global.set("echo", new ivm.Reference(async (value: unknown) => value));
    const loop = async (calls: number) => {
      const script = await isolate.compileScript(
        `(async () => { let sum = 0; for (let i = 0; i < ${calls}; i++) sum += await echo.apply(undefined, [i], { result: { promise: true } }); return sum; })()`,
      );
      const started = performance.now();
      const sum = (await script.run(context, { promise: true })) as number;
      const elapsed = performance.now() - started;
      if (sum !== (calls * (calls - 1)) / 2) throw new Error(`kernel-bridge: the bare echo summed to ${sum}`);
      return elapsed;
    };
    return await perCall(loop);
  } finally {
    isolate.dispose();
  }
}

async function timeSandboxBridge(): Promise<number[]> {
  const sandbox: Sandbox = await createSandbox({
    memoryLimitMb: MEMORY_MB,
    cellTimeoutMs: 60_000,
    hostFunctions: { "bench.echo": (args) => args[0] },
    params: {},
    emit: () => {},
  });
  try {
    let n = 0;
    const loop = async (calls: number) => {
      const cellId = `bench-${n++}`;
      const code = `(async () => { let sum = 0; for (let i = 0; i < ${calls}; i++) sum += await bench.echo(i); return { value: sum, hasValue: true, defs: {} }; })`;
      const started = performance.now();
      const outcome = await sandbox.run({ cellId, code, filename: `cell-${cellId}.js` });
      const elapsed = performance.now() - started;
      const expected = (calls * (calls - 1)) / 2;
      if (!outcome.ok || outcome.value?.t !== "number" || outcome.value.v !== expected) {
        throw new Error(`kernel-bridge: the sandbox echo gave ${JSON.stringify(outcome)}`);
      }
      return elapsed;
    };
    return await perCall(loop);
  } finally {
    sandbox.dispose();
  }
}

/** Per-call times of each round: (loop of CALLS) - (empty loop), over CALLS, after a warm-up. */
async function perCall(loop: (calls: number) => Promise<number>): Promise<number[]> {
  await loop(CALLS);
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const full = await loop(CALLS);
    const empty = await loop(0);
    times.push(((full - empty) / CALLS) * 1000);
  }
  return times;
}

export async function benchKernelBridge(): Promise<void> {
  const bare: number[] = [];
  const bridge: number[] = [];
  // Interleaved, so a busy moment on a shared machine hits both alike.
  for (let i = 0; i < 2; i++) {
    bare.push(...(await timeBareReference()));
    bridge.push(...(await timeSandboxBridge()));
  }
  const anchor = median(bare);
  console.log(`kernel-bridge (one awaited host call from the isolate), median per call over ${bare.length} rounds of ${CALLS}`);
  console.log(`${"anchor: bare isolated-vm Reference.apply".padEnd(44)} ${anchor.toFixed(2).padStart(8)} us`);
  printRatio("sandbox bridge, echo host function (goal 2x)", median(bridge), anchor, "us");
}
