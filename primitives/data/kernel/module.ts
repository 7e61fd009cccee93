import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { registerHostModule, type KernelHostFunction } from "../../../kernel/process/host";
import type { DataEngine } from "../engine";
import { DATA_FUNCTIONS } from "./names";

/**
 * The `data` host module: the data primitives as `data.<fn>` in cells, over
 * the kernel process's one DuckDB engine. Registered when the kernel child
 * imports this file (kernel/process/modules.ts). The engine and the primitive
 * code load on the first call, so a kernel whose cells never touch data
 * starts as fast as before.
 */
let loaded: Promise<Record<string, KernelHostFunction>> | null = null;

function load(): Promise<Record<string, KernelHostFunction>> {
  loaded ??= (async () => {
    const [{ getDataEngine }, { createDataFunctions }] = await Promise.all([import("../engine"), import("./functions")]);
    let engine: Promise<DataEngine> | null = null;
    return createDataFunctions(() => {
      engine ??= openEngine(getDataEngine);
      return engine;
    });
  })();
  return loaded;
}

/** DuckDB spills to a folder of this process's own, removed when the process exits (a kernel ends by exiting). */
function openEngine(open: (options: { spillDirectory: string }) => Promise<DataEngine>): Promise<DataEngine> {
  const spillDirectory = mkdtempSync(path.join(tmpdir(), "tracebook-duckdb-"));
  process.once("exit", () => rmSync(spillDirectory, { recursive: true, force: true }));
  return open({ spillDirectory });
}

registerHostModule({
  name: "data",
  functions: Object.fromEntries(
    DATA_FUNCTIONS.map((name): [string, KernelHostFunction] => [
      name,
      async (args, ctx) => {
        const fn = (await load())[name];
        if (!fn) throw new TypeError(`data.${name} is not available`);
        return fn(args, ctx);
      },
    ]),
  ),
});
