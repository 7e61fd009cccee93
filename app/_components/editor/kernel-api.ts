import { api } from "@/app/_lib/api";
import type { KernelInfo, RunAccepted, RunRequest } from "@/protocol/kernel";
import type { RunMode } from "@/protocol/outputs";
import type { TypeLibrary } from "@/primitives/types/index";

/** The execution API as the notebook page calls it; mutations carry the CSRF header (see `api`). */

const notebookPath = (notebookId: string) => `/api/notebooks/${encodeURIComponent(notebookId)}`;

/**
 * Queues a cell, the cells from one down, or all cells.
 *
 * @example
 * await requestRun(notebookId, { scope: "cell", cellId });
 */
export function requestRun(notebookId: string, request: RunRequest): Promise<RunAccepted> {
  return api<RunAccepted>("POST", `${notebookPath(notebookId)}/run`, { body: request });
}

export function fetchKernel(notebookId: string): Promise<KernelInfo> {
  return api<KernelInfo>("GET", `${notebookPath(notebookId)}/kernel`);
}

export function interruptKernel(notebookId: string): Promise<KernelInfo> {
  return api<KernelInfo>("POST", `${notebookPath(notebookId)}/kernel/interrupt`);
}

export function restartKernel(notebookId: string): Promise<KernelInfo> {
  return api<KernelInfo>("POST", `${notebookPath(notebookId)}/kernel/restart`);
}

export async function putRunMode(notebookId: string, runMode: RunMode): Promise<void> {
  await api<unknown>("PUT", `${notebookPath(notebookId)}/run-mode`, { body: { runMode } });
}

/** The declarations cells are checked against (the kernel's globals), as `.d.ts` texts. */
export async function fetchTypeLibraries(): Promise<TypeLibrary[]> {
  const { libs } = await api<{ libs: TypeLibrary[] }>("GET", "/api/kernel/types");
  return libs;
}
