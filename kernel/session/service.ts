import { randomUUID } from "node:crypto";
import type * as Y from "yjs";
import type { Principal } from "../../auth/principal";
import { AppError, isAppError } from "../../protocol/errors";
import { kernelCommandSchema, type CommandReply, type KernelInfo, type KernelSettings, type RunAccepted, type RunRequest } from "../../protocol/kernel";
import type { NotebookAction } from "../../protocol/permissions";
import type { RunMode } from "../../protocol/outputs";
import type { NotebookId } from "../../protocol/ids";
import type { KernelManager } from "../manager";
import { createAccessCache } from "./access-cache";
import { appendLateOutput, readCodeCells, readRunMode, writeRunMode } from "./execution-doc";
import { NotebookSession } from "./session";

export interface KernelServiceDeps {
  collab: {
    editDocument(notebookId: string, edit: (doc: Y.Doc) => void, options?: { settle?: boolean }): Promise<void>;
    inspectDocument<T>(notebookId: string, read: (doc: Y.Doc) => T): Promise<T>;
  };
  /** Throws the API's 403/404 errors when the principal may not do `action`. */
  authorize(principal: Principal, notebookId: string, action: NotebookAction): Promise<unknown>;
  manager: KernelManager;
  settings(): KernelSettings;
  maxOutputBytes: number;
  flushDelayMs?: number;
  now?: () => number;
  /** Resolves once the notebook's lineage sent so far is durable; a cell's done waits for it. */
  flushLineage?(notebookId: string, signal: AbortSignal): Promise<void>;
}

/**
 * The execution API behind the routes: run, interrupt, restart, kernel info
 * and the notebook's run mode. One session per notebook, made on first use.
 */
export function createKernelService(deps: KernelServiceDeps) {
  const sessions = new Map<string, NotebookSession>();
  const now = deps.now ?? Date.now;
  const access = createAccessCache(deps.authorize, now);
  // Work a finished cell left running (a promise it did not await) may still print.
  deps.manager.onLateOutput((notebookId, cellId, output) => {
    deps.collab
      .editDocument(notebookId, (doc) => appendLateOutput(doc, cellId, output), { settle: false })
      .catch((error: unknown) => console.error(`[kernel] late output of ${cellId}:`, error));
  });

  function sessionOf(notebookId: string): NotebookSession {
    let session = sessions.get(notebookId);
    if (!session) {
      session = new NotebookSession({
        notebookId,
        // Kernel writes touch only server-owned fields: no need to wait for pending client updates.
        edit: (edit) => deps.collab.editDocument(notebookId, edit, { settle: false }),
        acquire: () => deps.manager.acquire(notebookId as NotebookId),
        maxOutputBytes: deps.maxOutputBytes,
        flushDelayMs: deps.flushDelayMs ?? 50,
        now,
        ...(deps.flushLineage ? { flushLineage: (signal: AbortSignal) => deps.flushLineage!(notebookId, signal) } : {}),
      });
      sessions.set(notebookId, session);
    }
    return session;
  }

  async function info(notebookId: string): Promise<KernelInfo> {
    const runMode = await deps.collab.inspectDocument(notebookId, readRunMode);
    const settings = deps.settings();
    const kernel = deps.manager.get(notebookId as NotebookId);
    return {
      status: kernel ? kernel.status : "none",
      queued: sessions.get(notebookId)?.pending ?? 0,
      memoryLimitMb: kernel?.settings.memoryLimitMb ?? settings.memoryLimitMb,
      cellTimeoutMs: kernel?.settings.cellTimeoutMs ?? settings.cellTimeoutMs,
      startedAt: kernel?.startedAt ?? null,
      runMode,
      backend: kernel?.backend ?? null,
    };
  }

  async function run(principal: Principal, notebookId: string, request: RunRequest): Promise<RunAccepted> {
    await access.check(principal, notebookId, "notebook.run");
    const { mode, cells } = await deps.collab.inspectDocument(notebookId, (doc) => ({
      mode: readRunMode(doc),
      cells: readCodeCells(doc),
    }));
    if (request.scope !== "all" && !cells.some((c) => c.id === request.cellId)) {
      throw new AppError("not_found", `no code cell ${request.cellId} in this notebook`);
    }
    return sessionOf(notebookId).run(request, { id: principal.user.id, name: principal.user.name }, mode, cells);
  }

  async function interrupt(principal: Principal, notebookId: string): Promise<KernelInfo> {
    await access.check(principal, notebookId, "notebook.run");
    const session = sessions.get(notebookId);
    await session?.clearQueue();
    session?.stopWaiting();
    deps.manager.interrupt(notebookId as NotebookId);
    return info(notebookId);
  }

  return {
    run,
    interrupt,

    /** A command from the notebook's collaboration socket; never throws, answers with a reply. */
    async command(principal: Principal, notebookId: string, json: string): Promise<CommandReply> {
      try {
        const parsed = kernelCommandSchema.safeParse(parseJson(json));
        if (!parsed.success) throw new AppError("invalid_body", `not a kernel command: ${parsed.error.issues.map((i) => `${i.path.join(".") || "command"}: ${i.message}`).join("; ")}`);
        const command = parsed.data;
        const body = command.op === "run" ? await run(principal, notebookId, command.request) : await interrupt(principal, notebookId);
        return { ok: true, body };
      } catch (error) {
        if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message } };
        const id = randomUUID().slice(0, 8);
        console.error(`[kernel] command failed (id ${id}):`, error);
        return { ok: false, error: { code: "internal", message: `internal error (id ${id})` } };
      }
    },

    /** Someone's access to the notebook changed: cached decisions go. */
    accessChanged(notebookId: string): void {
      access.clear(notebookId);
    },

    async restart(principal: Principal, notebookId: string): Promise<KernelInfo> {
      await access.check(principal, notebookId, "notebook.run");
      const session = sessions.get(notebookId);
      await session?.clearQueue();
      session?.stopWaiting();
      // Without a kernel there is nothing to restart; the next run starts a fresh one anyway.
      if (deps.manager.get(notebookId as NotebookId)) {
        await deps.manager.restart(notebookId as NotebookId);
        await session?.afterRestart();
      }
      return info(notebookId);
    },

    async info(principal: Principal, notebookId: string): Promise<KernelInfo> {
      await deps.authorize(principal, notebookId, "notebook.read");
      return info(notebookId);
    },

    async setRunMode(principal: Principal, notebookId: string, runMode: RunMode): Promise<KernelInfo> {
      // How the notebook runs is a runner's choice, like running it.
      await deps.authorize(principal, notebookId, "notebook.run");
      await deps.collab.editDocument(notebookId, (doc) => writeRunMode(doc, runMode));
      return info(notebookId);
    },

    /** Told by the collaboration server after a client's update is applied. */
    documentChanged(notebookId: string, doc: Y.Doc): void {
      const session = sessions.get(notebookId);
      if (!session) return;
      session.onDocumentChange(doc).catch((error: unknown) => console.error("[kernel] following a document change:", error));
    },

    /** The notebook is gone (trashed, deleted): its kernel stops. */
    async forget(notebookId: string): Promise<void> {
      sessions.get(notebookId)?.close();
      sessions.delete(notebookId);
      await deps.manager.shutdown(notebookId as NotebookId);
    },

    async close(): Promise<void> {
      for (const session of sessions.values()) session.close();
      sessions.clear();
      await deps.manager.closeAll();
    },
  };
}

export type KernelService = ReturnType<typeof createKernelService>;

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new AppError("invalid_json", "the command is not valid JSON");
  }
}
