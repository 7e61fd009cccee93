/** Test helpers: sandboxes that record their outputs, and compiled-cell builders. */
import type { CellOutput } from "@/protocol/outputs";
import { createSandbox, type CompiledCell, type RunOutcome, type Sandbox, type SandboxOptions } from "./sandbox";

export interface RecordedSandbox {
  sandbox: Sandbox;
  outputs: Array<{ cellId: string; output: CellOutput }>;
  /** Concatenated stream text of one stream. */
  stream(name: "stdout" | "stderr"): string;
  run(body: string, cellId?: string): Promise<RunOutcome>;
  /** Runs `setup` then yields `expression` as the cell's value. */
  value(expression: string, setup?: string): Promise<RunOutcome>;
}

let cellCounter = 0;

/** A compiled cell as the analyzer makes one: `body` must return `{ value, hasValue, defs }` (or nothing). */
export function compiledCell(body: string, cellId = `c${++cellCounter}`): CompiledCell {
  return { cellId, filename: `cell-${cellId}.js`, code: `(async () => {\n${body}\nreturn { value: undefined, hasValue: false, defs: {} };\n})` };
}

export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<RecordedSandbox> {
  const outputs: RecordedSandbox["outputs"] = [];
  const sandbox = await createSandbox({
    memoryLimitMb: 64,
    cellTimeoutMs: 5_000,
    hostFunctions: {},
    params: {},
    emit: (cellId, output) => outputs.push({ cellId, output }),
    ...options,
  });
  const run = (body: string, cellId?: string) => sandbox.run(compiledCell(body, cellId));
  return {
    sandbox,
    outputs,
    run,
    value: (expression, setup = "") => run(`${setup}\nreturn { value: (${expression}), hasValue: true, defs: {} };`),
    stream: (name) =>
      outputs
        .map(({ output }) => (output.type === "stream" && output.name === name ? output.text : ""))
        .join(""),
  };
}

/** The preview of a successful run, or a failure describing what came back instead. */
export function valueOf(outcome: RunOutcome) {
  if (!outcome.ok) throw new Error(`run failed: ${JSON.stringify(outcome.error)}`);
  return outcome.value;
}

/** The error of a failed run. */
export function errorOf(outcome: RunOutcome) {
  if (outcome.ok) throw new Error(`run succeeded: ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

/** A string cell value (most escape tests report one). */
export function stringValue(outcome: RunOutcome): string {
  const value = valueOf(outcome);
  if (value?.t !== "string") throw new Error(`expected a string value, got ${JSON.stringify(value)}`);
  return value.v;
}
