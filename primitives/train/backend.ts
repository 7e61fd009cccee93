/**
 * The TensorFlow.js backend of this process, chosen once at kernel start:
 * tfjs-node-gpu when installed and a GPU is visible, else tfjs-node when
 * installed, else the WebAssembly backend (SIMD; Node has no wasm threads),
 * else plain JavaScript. The optional native packages are import()ed in a try,
 * so their absence (they cannot be installed everywhere) costs nothing.
 * Every run records the backend actually in use (`tf.getBackend()`) and the device.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export interface BackendInfo {
  /** `tf.getBackend()`: "tensorflow", "wasm" or "cpu". */
  backend: string;
  /** Where the math runs, for people: "gpu (NVIDIA H100 80GB HBM3)", "cpu (wasm, SIMD)"... */
  device: string;
  /** The package that provides the backend. */
  package: string;
}

export interface BackendCandidate {
  package: string;
  /** The backend name the package registers with tfjs. */
  backend: string;
  /** Only tried when a GPU is visible. */
  needsGpu?: boolean;
  /** Registered by a static import of this module: nothing to load. */
  bundled?: boolean;
}

export const BACKEND_CANDIDATES: readonly BackendCandidate[] = [
  { package: "@tensorflow/tfjs-node-gpu", backend: "tensorflow", needsGpu: true },
  { package: "@tensorflow/tfjs-node", backend: "tensorflow" },
  { package: "@tensorflow/tfjs-backend-wasm", backend: "wasm", bundled: true },
  { package: "@tensorflow/tfjs-backend-cpu", backend: "cpu", bundled: true },
];

export interface SelectBackendOptions {
  candidates?: readonly BackendCandidate[];
  /** Loads an optional package (default: `import()`); tests pass a fake. */
  load?: (packageName: string) => Promise<unknown>;
  gpuVisible?: () => boolean;
}

/** What was tried and why it was passed over, for the kernel log. */
export interface BackendSelection extends BackendInfo {
  skipped: Array<{ package: string; reason: string }>;
}

const PROC_GPUS = "/proc/driver/nvidia/gpus";

/**
 * Whether the NVIDIA driver lists a GPU and CUDA_VISIBLE_DEVICES does not hide them all.
 * @example
 * if (nvidiaGpuVisible()) console.log("training on the GPU");
 */
export function nvidiaGpuVisible(): boolean {
  const visible = process.env.CUDA_VISIBLE_DEVICES;
  if (visible !== undefined && (visible.trim() === "" || visible.trim() === "-1")) return false;
  try {
    return existsSync(PROC_GPUS) && readdirSync(PROC_GPUS).length > 0;
  } catch {
    return false;
  }
}

function gpuName(): string | null {
  try {
    const [first] = readdirSync(PROC_GPUS);
    if (first === undefined) return null;
    const info = readFileSync(`${PROC_GPUS}/${first}/information`, "utf8");
    return /^Model:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? null;
  } catch {
    return null;
  }
}

async function describeDevice(candidate: BackendCandidate): Promise<string> {
  if (candidate.needsGpu) return `gpu (${gpuName() ?? "NVIDIA"})`;
  if (candidate.backend === "tensorflow") return "cpu (libtensorflow)";
  if (candidate.backend === "wasm") {
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
    return `cpu (wasm${simd ? ", SIMD" : ""}${threads ? ", threads" : ""})`;
  }
  return "cpu (JavaScript)";
}

/**
 * Emscripten's Node glue (the wasm backend) adds process-wide
 * `uncaughtException` and `unhandledRejection` listeners that rethrow; they
 * would override how the kernel child handles errors, so the ones a backend
 * init adds are removed again.
 */
async function withoutAddedProcessListeners<T>(init: () => Promise<T>): Promise<T> {
  const exceptions = new Set(process.listeners("uncaughtException"));
  const rejections = new Set(process.listeners("unhandledRejection"));
  try {
    return await init();
  } finally {
    for (const listener of process.listeners("uncaughtException")) if (!exceptions.has(listener)) process.removeListener("uncaughtException", listener);
    for (const listener of process.listeners("unhandledRejection")) if (!rejections.has(listener)) process.removeListener("unhandledRejection", listener);
  }
}

/**
 * Tries each candidate in order and makes the first that loads and
 * initializes the tfjs backend; returns what is in use and what was skipped.
 * @example
 * const { backend, device } = await selectBackend(); // { backend: "wasm", device: "cpu (wasm, SIMD)", ... }
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const candidates = options.candidates ?? BACKEND_CANDIDATES;
  const load = options.load ?? ((name: string) => import(/* @vite-ignore */ name));
  const gpuVisible = options.gpuVisible ?? nvidiaGpuVisible;
  const skipped: BackendSelection["skipped"] = [];
  for (const candidate of candidates) {
    if (candidate.needsGpu && !gpuVisible()) {
      skipped.push({ package: candidate.package, reason: "no GPU visible" });
      continue;
    }
    try {
      if (!candidate.bundled) await load(candidate.package);
      const ok = await withoutAddedProcessListeners(async () => (await tf.setBackend(candidate.backend)) && (await tf.ready(), true));
      if (!ok || tf.getBackend() !== candidate.backend) {
        skipped.push({ package: candidate.package, reason: `backend ${candidate.backend} did not initialize` });
        continue;
      }
      return { backend: tf.getBackend(), device: await describeDevice(candidate), package: candidate.package, skipped };
    } catch (error) {
      skipped.push({ package: candidate.package, reason: error instanceof Error ? error.message.split("\n")[0]! : String(error) });
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${skipped.map((s) => `${s.package}: ${s.reason}`).join("; ")}`);
}

let selected: Promise<BackendSelection> | null = null;
let known: BackendInfo | null = null;

/**
 * The process's backend, selected on the first call (the train host module
 * calls it when the kernel starts) and the same on every later call.
 * @example
 * const info = await ensureBackend(); // recorded on every training run
 */
export function ensureBackend(): Promise<BackendInfo> {
  selected ??= selectBackend().then((selection) => {
    known = { backend: selection.backend, device: selection.device, package: selection.package };
    return selection;
  });
  return selected.then((s) => ({ backend: s.backend, device: s.device, package: s.package }));
}

/**
 * The backend once selected, else null (for the kernel info, which must not wait).
 * @example
 * currentBackend()?.device; // "cpu (wasm, SIMD)"
 */
export function currentBackend(): BackendInfo | null {
  return known;
}
