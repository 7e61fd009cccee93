import type { HostCallContext, HostFunction } from "./sandbox/sandbox";
import type { LineageProducer } from "./lineage";
import type { ServerChannel } from "./server-channel";

/**
 * The kernel child's registry of host functions: what code in the isolate may
 * call on the host through the sandbox's bridge, beyond the built-ins the
 * sandbox provides itself. Primitives (datasets, tensors, training...) extend
 * the kernel by registering a module here at import time and importing that
 * module from `modules.ts`; nothing else in the child changes.
 */
export interface HostModule {
  /** Prefix of every function name: `<name>.<function>`. */
  name: string;
  functions: Record<string, KernelHostFunction>;
  /** The compute backend this module runs on (tfjs: "wasm", "cpu"...), once known. */
  backend?: () => string | null;
}

/** What the kernel offers a host function beyond the sandbox's call context. */
export interface KernelContext {
  /** The notebook this kernel runs. */
  readonly notebookId: string;
  /** Events and requests to the server's services (the child has no database). */
  readonly server: ServerChannel;
  /** Records each primitive call as a lineage run under the calling cell's run. */
  readonly lineage: LineageProducer;
}

export interface KernelCallContext extends HostCallContext {
  kernel: KernelContext;
}

/** A host function that may use the kernel's context; a plain `HostFunction` fits too. */
export type KernelHostFunction = (args: unknown[], ctx: KernelCallContext) => Promise<unknown> | unknown;

const MODULE_NAME = /^[a-z][a-zA-Z0-9_]*$/;

export interface HostRegistry {
  register(module: HostModule): void;
  /** Every registered function, by its qualified name, bound to the kernel's context. */
  functions(kernel: KernelContext): Record<string, HostFunction>;
  /** The first backend a module reports, or null. */
  backend(): string | null;
}

export function createHostRegistry(): HostRegistry {
  const modules = new Map<string, HostModule>();
  return {
    register(module) {
      if (!MODULE_NAME.test(module.name)) throw new Error(`invalid host module name: ${JSON.stringify(module.name)}`);
      if (modules.has(module.name)) throw new Error(`host module ${module.name} is already registered`);
      modules.set(module.name, module);
    },
    functions(kernel) {
      const all: Record<string, HostFunction> = {};
      for (const module of modules.values()) {
        for (const [name, fn] of Object.entries(module.functions)) all[`${module.name}.${name}`] = (args, ctx) => fn(args, { ...ctx, kernel });
      }
      return all;
    },
    backend() {
      for (const module of modules.values()) {
        const backend = module.backend?.() ?? null;
        if (backend !== null) return backend;
      }
      return null;
    },
  };
}

/** The child's one registry; modules register into it when `modules.ts` imports them. */
export const hostRegistry: HostRegistry = createHostRegistry();

export function registerHostModule(module: HostModule): void {
  hostRegistry.register(module);
}
