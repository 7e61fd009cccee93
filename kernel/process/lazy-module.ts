import { registerHostModule, type HostModule, type KernelCallContext, type KernelHostFunction } from "./host";

/**
 * Registers a host module whose code loads on its first call, so a kernel
 * whose cells never train or evaluate starts as fast as one without those
 * primitives (tfjs, onnxruntime and their wasm are large). The module is
 * built per call from that call's context (its server channel, its cell),
 * which is cheap once the code is loaded. The names are listed up front
 * because the isolate's globals are fixed at kernel start; each module's
 * test checks the list against what it builds.
 *
 * @example
 * registerLazyHostModule("evaluate", EVALUATE_FUNCTIONS, async () => (await import("./host-module")).createEvaluateHostModule());
 */
export function registerLazyHostModule(name: string, functionNames: readonly string[], build: (ctx: KernelCallContext) => Promise<HostModule>): void {
  registerHostModule({
    name,
    functions: Object.fromEntries(
      functionNames.map((fn): [string, KernelHostFunction] => [
        fn,
        async (args, ctx) => {
          const target = (await build(ctx)).functions[fn];
          if (!target) throw new TypeError(`${name}.${fn} is not available`);
          return target(args, ctx);
        },
      ]),
    ),
  });
}
