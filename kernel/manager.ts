import type { NotebookId } from "../protocol/ids";
import type { KernelInfo, KernelSettings } from "../protocol/kernel";
import type { CellOutput } from "../protocol/outputs";
import { AppError } from "../protocol/errors";
import { createForkSpawner, type SpawnKernel } from "./manager/child";
import type { KernelServerServices } from "./manager/services";
import { ARTIFACTS_DIR_ENV } from "../primitives/artifacts/kernel";
import {
  startKernel,
  type Kernel,
  type KernelHandle,
  type KernelResetReason,
  type KernelTimings,
} from "./manager/kernel";

export type { CompiledCell, KernelHandle, KernelResetReason } from "./manager/kernel";
export type { KernelChild, SpawnKernel, ChildExit } from "./manager/child";
export type { KernelServerService, KernelServerServices, ServiceContext, RequestContext } from "./manager/services";

/**
 * The server's kernels: at most one child process per notebook, started on
 * first use, shut down when idle, replaced when it dies. A child's crash never
 * reaches the server: it ends the run in flight with an error outcome and the
 * next `acquire` starts a fresh process.
 */
export interface KernelManagerOptions {
  /** Read at every kernel start: a settings change applies to kernels started after it. */
  settings: () => KernelSettings;
  /** Starts one child process; the bundled `kernel/process/main.ts` by default. */
  spawn?: SpawnKernel;
  /** Where the default spawner caches the bundled child entry. */
  cacheDir?: string;
  /** The artifact store's folder, which kernel children read and write directly (models, feature sets, reports). */
  artifactsDir?: string;
  timings?: Partial<KernelTimings>;
  log?: (line: string) => void;
  /**
   * The server services kernel children reach over their IPC channel
   * (`lineage`, `files`, …), by name; none by default.
   */
  services?: KernelServerServices;
}

export interface AcquireOptions {
  /** The sandbox's parameters, used when this call starts the kernel. */
  params?: Record<string, unknown>;
}

/** What the manager knows of a notebook's kernel; the scheduler adds `queued` and `runMode`. */
export type KernelProcessInfo = Pick<KernelInfo, "status" | "memoryLimitMb" | "cellTimeoutMs" | "startedAt" | "backend">;

export interface KernelManager {
  /** The notebook's live kernel, started (and awaited until ready) when there is none. */
  acquire(notebookId: NotebookId, options?: AcquireOptions): Promise<KernelHandle>;
  /** The notebook's kernel if one is starting or running. */
  get(notebookId: NotebookId): KernelHandle | undefined;
  info(notebookId: NotebookId): KernelProcessInfo;
  /** Interrupts the running cell; false when none runs. */
  interrupt(notebookId: NotebookId): boolean;
  /** Kills the notebook's kernel (if any) and starts a new one. */
  restart(notebookId: NotebookId, options?: AcquireOptions): Promise<KernelHandle>;
  shutdown(notebookId: NotebookId): Promise<void>;
  closeAll(): Promise<void>;
  /** Kernels starting or running, server-wide. */
  liveCount(): number;
  /**
   * Outputs a cell emits after its run ended (background work it left
   * running); the run's own outputs go to `run`'s `onOutput`.
   */
  onLateOutput(listener: (notebookId: NotebookId, cellId: string, output: CellOutput) => void): () => void;
  /** Called whenever a notebook's kernel state is lost (sandbox reset, crash, restart, idle or shutdown). */
  onReset(listener: (notebookId: NotebookId, reason: KernelResetReason) => void): () => void;
}

const DEFAULT_TIMINGS: KernelTimings = { startTimeoutMs: 30_000, interruptGraceMs: 2_000, shutdownGraceMs: 1_000 };

export function createKernelManager(options: KernelManagerOptions): KernelManager {
  const log = options.log ?? ((line: string) => console.error(line));
  const spawn = options.spawn ?? createForkSpawner({ cacheDir: options.cacheDir, log, env: options.artifactsDir ? { [ARTIFACTS_DIR_ENV]: options.artifactsDir } : {} });
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const kernels = new Map<NotebookId, Kernel>();
  /** Notebooks between the limit check and their child's spawn (bundling, forking): they count against the limit. */
  const spawning = new Set<NotebookId>();
  /** Starts until their kernel is ready, so concurrent acquires share one. */
  const starts = new Map<NotebookId, Promise<Kernel>>();
  /** Restarts in progress: acquires and other restarts wait for the new process instead of the dying one. */
  const restarts = new Map<NotebookId, Promise<Kernel>>();
  const resetListeners = new Set<(notebookId: NotebookId, reason: KernelResetReason) => void>();
  const lateOutputListeners = new Set<(notebookId: NotebookId, cellId: string, output: CellOutput) => void>();
  let closed = false;

  function live(notebookId: NotebookId): Kernel | undefined {
    const kernel = kernels.get(notebookId);
    return kernel && !kernel.ending ? kernel : undefined;
  }

  function liveCount(): number {
    let count = spawning.size;
    for (const kernel of kernels.values()) if (!kernel.ending) count++;
    return count;
  }

  /** A listener's bug must not break the kernel's bookkeeping. */
  function notify<A extends unknown[]>(listeners: Set<(...args: A) => void>, ...args: A) {
    for (const listener of [...listeners]) {
      try {
        listener(...args);
      } catch (error) {
        log(`[kernels] a listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Checks the limit synchronously, so concurrent starts cannot both pass it. */
  function start(notebookId: NotebookId, params: Record<string, unknown>): Promise<Kernel> {
    // Two restarts (or a restart and an acquire) racing share one new process: never two per notebook.
    const pending = starts.get(notebookId);
    if (pending) return pending;
    const running = live(notebookId);
    if (running) return Promise.resolve(running);
    if (closed) return Promise.reject(new AppError("unavailable", "The server is shutting down its kernels."));
    const settings = options.settings();
    if (liveCount() >= settings.maxKernels) {
      const minutes = Math.round(settings.idleShutdownMs / 60_000);
      return Promise.reject(
        new AppError(
          "unavailable",
          `All ${settings.maxKernels} kernels on this server are in use. Idle kernels shut down after ${minutes} minute${minutes === 1 ? "" : "s"}; try again then, or shut down a kernel you no longer need.`,
        ),
      );
    }
    spawning.add(notebookId);
    const run = async (): Promise<Kernel> => {
      let kernel: Kernel;
      try {
        const child = await spawn();
        kernel = startKernel({
          notebookId,
          child,
          settings,
          params,
          timings,
          services: options.services ?? {},
          onIdle: () => void stopKernel(kernel, "idle"),
          onReset: (reason) => {
            for (const [name, service] of Object.entries(options.services ?? {})) {
              try {
                service.onKernelReset?.(notebookId);
              } catch (error) {
                log(`[kernels] the ${name} service failed on a reset: ${error instanceof Error ? error.message : String(error)}`);
              }
            }
            notify(resetListeners, notebookId, reason);
          },
          onLateOutput: (cellId, output) => notify(lateOutputListeners, notebookId, cellId, output),
          onExit: () => {
            if (kernels.get(notebookId) === kernel) kernels.delete(notebookId);
          },
          log: (level, message) => log(`[kernel ${notebookId}] ${level}: ${message}`),
        });
        kernels.set(notebookId, kernel);
      } catch (error) {
        throw new AppError("unavailable", `The kernel could not start: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        spawning.delete(notebookId);
      }
      try {
        await kernel.ready;
      } catch (error) {
        await stopKernel(kernel, "shutdown");
        throw new AppError("unavailable", `The kernel could not start: ${error instanceof Error ? error.message : String(error)}`);
      }
      return kernel;
    };
    const started = run().finally(() => starts.delete(notebookId));
    starts.set(notebookId, started);
    return started;
  }

  async function stopKernel(kernel: Kernel, reason: "restart" | "idle" | "shutdown"): Promise<void> {
    await kernel.stop(reason);
    if (kernels.get(kernel.notebookId) === kernel) kernels.delete(kernel.notebookId);
  }

  async function acquire(notebookId: NotebookId, acquireOptions: AcquireOptions = {}): Promise<KernelHandle> {
    const pending = restarts.get(notebookId) ?? starts.get(notebookId);
    if (pending) return pending;
    const kernel = live(notebookId);
    if (kernel) {
      kernel.touch();
      return kernel;
    }
    return start(notebookId, acquireOptions.params ?? {});
  }

  return {
    acquire,
    get: (notebookId) => live(notebookId),
    info(notebookId) {
      const kernel = live(notebookId);
      const settings = kernel?.settings ?? options.settings();
      return {
        status: restarts.has(notebookId) ? "restarting" : (kernel?.status ?? (starts.has(notebookId) ? "starting" : "none")),
        memoryLimitMb: settings.memoryLimitMb,
        cellTimeoutMs: settings.cellTimeoutMs,
        startedAt: kernel?.startedAt ?? null,
        backend: kernel?.backend ?? null,
      };
    },
    interrupt: (notebookId) => live(notebookId)?.interrupt() ?? false,
    restart(notebookId, acquireOptions = {}) {
      const pending = restarts.get(notebookId);
      if (pending) return pending;
      const restarted = (async () => {
        await starts.get(notebookId)?.catch(() => undefined);
        const kernel = kernels.get(notebookId);
        if (kernel) await stopKernel(kernel, "restart");
        return start(notebookId, acquireOptions.params ?? {});
      })().finally(() => restarts.delete(notebookId));
      restarts.set(notebookId, restarted);
      return restarted;
    },
    async shutdown(notebookId) {
      await restarts.get(notebookId)?.catch(() => undefined);
      await starts.get(notebookId)?.catch(() => undefined);
      const kernel = kernels.get(notebookId);
      if (kernel) await stopKernel(kernel, "shutdown");
    },
    async closeAll() {
      closed = true;
      await Promise.all([...restarts.values(), ...starts.values()].map((p) => p.catch(() => undefined)));
      await Promise.all([...kernels.values()].map((kernel) => stopKernel(kernel, "shutdown")));
    },
    liveCount,
    onReset(listener) {
      resetListeners.add(listener);
      return () => resetListeners.delete(listener);
    },
    onLateOutput(listener) {
      lateOutputListeners.add(listener);
      return () => lateOutputListeners.delete(listener);
    },
  };
}
