import { randomUUID } from "node:crypto";
import type * as Y from "yjs";
import type { RunRequest } from "../../protocol/kernel";
import type { CellError, CellOutput, ExecutionState, RunMode } from "../../protocol/outputs";
import type { CompiledCell } from "../analyze/compile";
import type { NotebookGraph } from "../graph/graph";
import type { KernelHandle } from "../manager";
import { internalError, toCellError } from "./errors";
import { outputsArray, patchExecution, readCodeCells, readExecution, replaceOutputs, type CodeCell } from "./execution-doc";
import { OutputBuffer } from "./output-buffer";
import { cellsOf } from "../../collab/doc";
import type { Planner, SourceMaps } from "./planner";

export interface SessionDeps {
  notebookId: string;
  /** A server-side edit of the notebook document, durable when it resolves. */
  edit(edit: (doc: Y.Doc) => void): Promise<void>;
  acquire(): Promise<KernelHandle>;
  maxOutputBytes: number;
  /** How long outputs may wait before they are written, so a chatty cell costs few edits. */
  flushDelayMs: number;
  now(): number;
  /**
   * Resolves once the lineage the kernel sent so far is durable (rejects
   * when some of it was refused, or on abort). A cell reports done only
   * after it: its lineage is in the store when a peer sees it finished.
   */
  flushLineage?(signal: AbortSignal): Promise<void>;
}

interface QueuedCell {
  runId: string;
  cell: CompiledCell;
  /** The source the cell was compiled from (lineage records it). */
  source: string;
  runBy: { id: string; name: string };
  graph: NotebookGraph;
  maps: SourceMaps;
}

/**
 * One notebook's executions: a queue of compiled cells run one at a time on
 * the notebook's kernel, and the bookkeeping of which cell defined which
 * globals there. Everything a peer sees (queued, running, outputs, stale)
 * is written into the document.
 */
export class NotebookSession {
  /**
   * Loaded on the notebook's first run, not at server start: the planner
   * brings the TypeScript compiler, whose loading was most of a restart, and
   * collaboration comes back sooner after a crash without it.
   */
  private planner: Promise<Planner> | null = null;
  private readonly queue: QueuedCell[] = [];
  private running: QueuedCell | null = null;
  private draining: Promise<void> | null = null;
  /** The globals each cell defined in the current kernel. */
  private readonly definedBy = new Map<string, string[]>();
  private executionCount = 0;
  private kernel: KernelHandle | null = null;
  private detachReset: (() => void) | null = null;
  /** The running cell's wait for its lineage, which an interrupt may cut short. */
  private lineageWait: AbortController | null = null;

  constructor(private readonly deps: SessionDeps) {}

  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  async run(request: RunRequest, runBy: { id: string; name: string }, mode: RunMode, cells: CodeCell[]): Promise<{ runId: string; cellIds: string[] }> {
    const plan = (await this.loadPlanner()).plan(cells, request, mode);
    // Starting the kernel first turns "no kernel available" into this request's error, before anything is queued.
    if (plan.run.length > 0) await this.attach();
    const runId = randomUUID();
    // With nothing ahead of it, the first cell starts at once: it needs no "queued" state.
    const idle = this.queue.length === 0 && !this.running;
    const waiting = idle ? plan.run.slice(1) : plan.run;
    if (waiting.length > 0 || plan.stale.length > 0 || plan.blocked.size > 0) {
      // Not awaited: server edits are stored in the order they are made, so the
      // cells' later states cannot overtake this one, and the run starts at once.
      this.background(
        this.deps.edit((d) => {
          for (const cell of waiting) patchExecution(d, cell.cellId, { status: "queued", runId, runBy });
          for (const cellId of plan.stale) patchExecution(d, cellId, { stale: true });
          for (const [cellId, error] of plan.blocked) this.writeBlocked(d, cellId, error, runId, runBy);
        }),
        "queuing cells",
      );
    }
    const sources = new Map(cells.map((c) => [c.id, c.source]));
    for (const cell of plan.run) this.queue.push({ runId, cell, source: sources.get(cell.cellId) ?? "", runBy, graph: plan.graph, maps: plan.maps });
    this.drain();
    return { runId, cellIds: plan.run.map((c) => c.cellId) };
  }

  private background(write: Promise<void>, what: string): void {
    write.catch((error: unknown) => console.error(`[kernel] ${what} in ${this.deps.notebookId}:`, error));
  }

  private writeBlocked(doc: Y.Doc, cellId: string, error: CellError, runId: string, runBy: QueuedCell["runBy"]): void {
    replaceOutputs(doc, cellId, [{ type: "error", error }]);
    patchExecution(doc, cellId, { status: "error", runId, runBy, startedAt: this.deps.now(), durationMs: 0, stale: false });
  }

  private async attach(): Promise<KernelHandle> {
    if (this.kernel && this.kernel.status !== "dead") return this.kernel;
    const kernel = await this.deps.acquire();
    if (kernel !== this.kernel) {
      this.detachReset?.();
      this.kernel = kernel;
      this.definedBy.clear();
      this.executionCount = 0;
      this.detachReset = kernel.onReset(() => void this.onKernelReset());
    }
    return kernel;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = (async () => {
      while (this.queue.length > 0) {
        const next = this.queue.shift()!;
        this.running = next;
        try {
          await this.execute(next);
        } catch (error) {
          await this.finish(next, null, { type: "error", error: internalError(error) }, this.deps.now()).catch(() => undefined);
        } finally {
          this.running = null;
        }
      }
    })().finally(() => {
      this.draining = null;
      if (this.queue.length > 0) this.drain();
    });
  }

  private async execute(item: QueuedCell): Promise<void> {
    const kernel = await this.attach();
    const { cellId } = item.cell;
    const previous = this.definedBy.get(cellId);
    if (previous?.length) kernel.forget(previous);
    this.definedBy.delete(cellId);
    const startedAt = this.deps.now();
    const count = ++this.executionCount;
    const start = announceStart(cellId, {
      status: "running",
      count,
      startedAt,
      durationMs: null,
      stale: false,
      runBy: item.runBy,
      runId: item.runId,
    });
    // A cell that ends within moments shows its final state in one edit; a longer one shows "running" first.
    const announcing = setTimeout(() => this.background(this.deps.edit(start), "starting a cell"), RUNNING_DELAY_MS);
    const buffer = new OutputBuffer(this.deps.maxOutputBytes);
    const flusher = this.createFlusher(cellId, buffer, start);
    let outcome: Awaited<ReturnType<KernelHandle["run"]>>;
    let lineageError: CellOutput | null;
    try {
      outcome = await kernel.run(
        item.cell,
        (output) => {
          buffer.add(output);
          flusher.schedule();
        },
        { actor: item.runBy, source: item.source },
      );
      // The kernel sent the run's lineage before its done: the cell ends once that is durable.
      lineageError = await this.awaitLineage();
    } finally {
      clearTimeout(announcing);
    }
    await flusher.settle();
    if (outcome.ok) {
      this.definedBy.set(cellId, outcome.defs);
      if (outcome.table) buffer.add(outcome.table);
      else if (outcome.value) buffer.add({ type: "value", value: outcome.value });
      await this.finish(item, buffer, lineageError, startedAt, start);
      if (lineageError) this.skipDescendants(item);
      return;
    }
    if (lineageError) buffer.add(lineageError);
    await this.finish(item, buffer, { type: "error", error: toCellError(outcome.error, item.maps) }, startedAt, start);
    this.skipDescendants(item);
  }

  /** Waits for the lineage written so far; an error output when it was refused or the wait interrupted. */
  private async awaitLineage(): Promise<CellOutput | null> {
    if (!this.deps.flushLineage) return null;
    const wait = new AbortController();
    this.lineageWait = wait;
    try {
      await this.deps.flushLineage(wait.signal);
      return null;
    } catch (error) {
      if (wait.signal.aborted) {
        const message = "interrupted while the cell's lineage was being written; it stays buffered and is written once the lineage store is reachable";
        return { type: "error", error: { kind: "interrupted", message } };
      }
      const message = `the cell's lineage could not be recorded: ${error instanceof Error ? error.message : String(error)}`;
      return { type: "error", error: { kind: "exception", name: "LineageError", message, stack: [] } };
    } finally {
      this.lineageWait = null;
    }
  }

  /** An interrupt or restart: a cell waiting for its lineage stops waiting (the events stay buffered). */
  stopWaiting(): void {
    this.lineageWait?.abort();
  }

  /** Outputs are written at most once per `flushDelayMs`, in order. */
  private createFlusher(cellId: string, buffer: OutputBuffer, start: (doc: Y.Doc) => void) {
    const delay = this.deps.flushDelayMs;
    let timer: NodeJS.Timeout | null = null;
    let chain = Promise.resolve();
    const flush = () => {
      timer = null;
      const write = (doc: Y.Doc) => {
        start(doc);
        flushBuffer(doc, cellId, buffer);
      };
      chain = chain.then(() => (buffer.pending ? this.deps.edit(write) : undefined)).catch((error: unknown) => {
        console.error(`[kernel] writing outputs of ${cellId}:`, error);
      });
    };
    return {
      schedule() {
        if (!timer) timer = setTimeout(flush, delay);
      },
      async settle() {
        if (timer) clearTimeout(timer);
        timer = null;
        await chain;
      },
    };
  }

  private async finish(
    item: QueuedCell,
    buffer: OutputBuffer | null,
    error: CellOutput | null,
    startedAt: number,
    start?: (doc: Y.Doc) => void,
  ): Promise<void> {
    const { cellId } = item.cell;
    if (error) buffer?.add(error);
    const durationMs = this.deps.now() - startedAt;
    await this.deps.edit((doc) => {
      start?.(doc);
      if (buffer) flushBuffer(doc, cellId, buffer);
      else if (error) replaceOutputs(doc, cellId, [error]);
      patchExecution(doc, cellId, { status: error ? "error" : "done", durationMs });
    });
  }

  /** A failed cell's dependents in the same run would read names it never defined: they wait, stale. */
  private skipDescendants(item: QueuedCell): void {
    const descendants = new Set(item.graph.descendants(item.cell.cellId));
    const skipped = this.queue.filter((q) => q.runId === item.runId && descendants.has(q.cell.cellId));
    if (skipped.length === 0) return;
    for (const q of skipped) this.queue.splice(this.queue.indexOf(q), 1);
    void this.deps
      .edit((doc) => {
        for (const q of skipped) {
          const state = readExecution(doc, q.cell.cellId);
          patchExecution(doc, q.cell.cellId, { status: state.count === null ? "idle" : "done", stale: true });
        }
      })
      .catch((error: unknown) => console.error("[kernel] marking skipped cells:", error));
  }

  /** Drops queued cells (interrupt, restart); they return to their state before queuing. */
  async clearQueue(): Promise<void> {
    const dropped = this.queue.splice(0, this.queue.length);
    if (dropped.length === 0) return;
    await this.deps.edit((doc) => {
      for (const q of dropped) {
        const state = readExecution(doc, q.cell.cellId);
        if (state.status === "queued") patchExecution(doc, q.cell.cellId, { status: state.count === null ? "idle" : "done", stale: true });
      }
    });
  }

  /** The kernel lost its state (restart, memory limit): every cell that ran is stale. */
  private async onKernelReset(): Promise<void> {
    const ran = [...this.definedBy.keys()];
    this.definedBy.clear();
    this.executionCount = 0;
    const running = this.running?.cell.cellId;
    await this.deps
      .edit((doc) => {
        for (const cellId of ran) if (cellId !== running) patchExecution(doc, cellId, { stale: true });
      })
      .catch((error: unknown) => console.error("[kernel] marking cells stale after a reset:", error));
  }

  /** Called after restart: the session keeps nothing of the old kernel. */
  async afterRestart(): Promise<void> {
    // The old kernel's reset listener already marked its cells stale.
    this.kernel = null;
    this.detachReset?.();
    this.detachReset = null;
  }

  /**
   * The document changed: cells deleted since their run take their globals
   * with them, and the cells that read those become stale.
   */
  async onDocumentChange(doc: Y.Doc): Promise<void> {
    // Called on every edit: the common case (nothing deleted) costs a few map lookups.
    const present = cellsOf(doc);
    const gone = [...this.definedBy.keys()].filter((id) => !present.has(id) && id !== this.running?.cell.cellId);
    if (gone.length === 0) return;
    const cells = readCodeCells(doc);
    const names = gone.flatMap((id) => this.definedBy.get(id) ?? []);
    for (const id of gone) this.definedBy.delete(id);
    if (names.length > 0 && this.kernel && this.kernel.status !== "dead") this.kernel.forget(names);
    const planner = await this.loadPlanner();
    const graph = planner.graphOf(cells);
    const readers = planner.readersOf(cells, names);
    const stale = new Set<string>();
    for (const id of readers) {
      stale.add(id);
      for (const d of graph.descendants(id)) stale.add(d);
    }
    if (stale.size === 0) return;
    await this.deps.edit((d) => {
      for (const id of stale) patchExecution(d, id, { stale: true });
    });
  }

  private loadPlanner(): Promise<Planner> {
    return (this.planner ??= import("./planner").then(({ Planner }) => new Planner()));
  }

  close(): void {
    this.detachReset?.();
    this.queue.length = 0;
  }
}

/** How long a cell runs before peers are told it is running. */
const RUNNING_DELAY_MS = 20;

/**
 * The edit that marks a cell as started (outputs cleared, running state),
 * made once: by the announcement timer, the first output flush or the
 * final write, whichever comes first. Server edits apply in order, so the
 * later ones find it done.
 */
function announceStart(cellId: string, state: ExecutionState): (doc: Y.Doc) => void {
  let done = false;
  return (doc) => {
    if (done) return;
    done = true;
    replaceOutputs(doc, cellId, []);
    patchExecution(doc, cellId, state);
  };
}

function flushBuffer(doc: Y.Doc, cellId: string, buffer: OutputBuffer): void {
  const array = outputsArray(doc, cellId);
  if (array) buffer.flushInto(array);
}

export type { ExecutionState };
