import type { KernelHostFunction } from "../../../kernel/process/host";
import { registerLazyHostModule } from "../../../kernel/process/lazy-module";
import { kernelDataEngine } from "./engine";
import { DATA_FUNCTIONS } from "./names";

/**
 * The `data` host module: the data primitives as `data.<fn>` in cells, over
 * the kernel process's one DuckDB engine. Registered when the kernel child
 * imports this file (kernel/process/modules.ts). The engine and the primitive
 * code load on the first call, so a kernel whose cells never touch data
 * starts as fast as before.
 */
let loaded: Promise<Record<string, KernelHostFunction>> | null = null;

registerLazyHostModule("data", DATA_FUNCTIONS, async () => {
  loaded ??= import("./functions").then(({ createDataFunctions }) => createDataFunctions(kernelDataEngine));
  return { name: "data", functions: await loaded };
});
