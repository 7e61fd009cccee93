import { createHash, randomUUID } from "node:crypto";
import type { LineageEventInput } from "../../primitives/lineage/event";
import type { RunContext } from "./ipc";
import type { RunOutcome } from "./sandbox/sandbox";

/**
 * The kernel child's lineage producer. Each primitive call a cell makes is a
 * lineage run: its job is the cell's step (`<notebook>/<cell>/<primitive>`,
 * kind `cell`), its parent the cell's run (job `<notebook>/<cell>`), started
 * on the first call and ended with the cell. Events go to the server's
 * `lineage` service over the kernel's channel, in order and before the run's
 * `done`, so the server can hold the cell's done until they are durable.
 */
export const LINEAGE_NAMESPACE = "tracebook";
export const LINEAGE_SERVICE = "lineage";
export const LINEAGE_EVENT = "record";

/** One dataset version a call read or wrote (`version`: the content's sha256 in hex). */
export interface LineageDatasetRef {
  kind?: string;
  namespace: string;
  name: string;
  version: string;
  facets?: Record<string, unknown>;
}

/** What a call adds while it runs. */
export interface CallLineage {
  /** The call's lineage run, so records kept elsewhere (an experiment run) can name it. */
  readonly runId: string;
  input(ref: LineageDatasetRef): void;
  output(ref: LineageDatasetRef): void;
  /** A run facet for the call's final event (a report summary, counts, …). */
  facet(name: string, value: unknown): void;
}

export interface PrimitiveCall {
  /** `data.load`, `data.validate`, … */
  primitive: string;
  /** The call's arguments as plain JSON (datasets by id). */
  parameters: Record<string, unknown>;
  /** Inputs known before the call starts (its dataset arguments). */
  inputs?: LineageDatasetRef[];
}

export interface LineageProducer {
  /** A cell run starts; its lineage run opens with the first primitive call. */
  beginRun(run: { runId: string; cellId: string; context?: RunContext }): void;
  /** A cell run ended: its lineage run (if any call opened it) completes, fails or aborts. */
  endRun(runId: string, outcome: RunOutcome): void;
  /** Runs `body` as one primitive call of `cellId`'s current run, recording START and COMPLETE or FAIL. */
  record<T>(cellId: string, call: PrimitiveCall, body: (lineage: CallLineage) => Promise<T>): Promise<T>;
}

interface CellRun {
  runId: string;
  cellId: string;
  context: RunContext | null;
  startedAt: Date;
  opened: boolean;
  ended: boolean;
}

type Emit = (event: LineageEventInput) => void;

export function createLineageProducer(options: { notebookId: string; emit: Emit; now?: () => Date }): LineageProducer {
  const now = options.now ?? (() => new Date());
  const { notebookId } = options;
  /** The latest run of each cell: calls made by work a cell left running still belong to it. */
  const runs = new Map<string, CellRun>();
  const byRunId = new Map<string, CellRun>();

  const cellJob = (cellId: string) => ({ namespace: LINEAGE_NAMESPACE, name: `${notebookId}/${cellId}`, kind: "cell" as const, notebookId, cellId });
  const actorOf = (run: CellRun | undefined) => (run?.context?.actor && isUuid(run.context.actor.id) ? { actorId: run.context.actor.id } : {});

  function sourceFacets(run: CellRun | undefined): Record<string, unknown> {
    const source = run?.context?.source;
    if (source === undefined) return {};
    return {
      sourceCode: { language: "TypeScript", sourceCode: source },
      notebookVersion: { versionId: createHash("sha256").update(source).digest("hex") },
    };
  }

  function emit(event: LineageEventInput): void {
    try {
      options.emit(jsonSafe(event) as LineageEventInput);
    } catch (error) {
      // The channel is closed only when the process is on its way out; stderr is all that is left.
      console.error(`[kernel] lineage event of run ${event.run.runId} not sent: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function open(run: CellRun): void {
    if (run.opened) return;
    run.opened = true;
    emit({
      eventType: "START",
      eventTime: run.startedAt.toISOString(),
      run: { runId: run.runId, facets: sourceFacets(run) },
      job: cellJob(run.cellId),
      ...actorOf(run),
    });
  }

  return {
    beginRun({ runId, cellId, context }) {
      const previous = runs.get(cellId);
      if (previous) byRunId.delete(previous.runId);
      const run: CellRun = { runId, cellId, context: context ?? null, startedAt: now(), opened: false, ended: false };
      runs.set(cellId, run);
      byRunId.set(runId, run);
    },

    endRun(runId, outcome) {
      const run = byRunId.get(runId);
      if (!run || run.ended) return;
      run.ended = true;
      if (!run.opened) return;
      const failure = outcome.ok ? null : describeFailure(outcome.error);
      emit({
        eventType: outcome.ok ? "COMPLETE" : outcome.error.kind === "interrupted" ? "ABORT" : "FAIL",
        eventTime: now().toISOString(),
        run: { runId: run.runId, facets: failure ? { errorMessage: { ...failure, programmingLanguage: "TypeScript" } } : {} },
        job: cellJob(run.cellId),
        ...actorOf(run),
      });
    },

    async record(cellId, call, body) {
      const run = runs.get(cellId);
      if (run) open(run);
      const runId = randomUUID();
      const job = { ...cellJob(cellId), name: `${notebookId}/${cellId}/${call.primitive}` };
      const base = { job, ...actorOf(run) };
      const inputs = [...(call.inputs ?? [])];
      const outputs: LineageDatasetRef[] = [];
      const facets: Record<string, unknown> = {};
      const parent = run ? { parentRunId: run.runId } : {};
      emit({
        eventType: "START",
        eventTime: now().toISOString(),
        run: { runId, ...parent, facets: { ...sourceFacets(run), parameters: call.parameters } },
        inputs,
        ...base,
      });
      const lineage: CallLineage = {
        runId,
        input: (ref) => addRef(inputs, ref),
        output: (ref) => addRef(outputs, ref),
        facet: (name, value) => void (facets[name] = value),
      };
      try {
        const result = await body(lineage);
        emit({ eventType: "COMPLETE", eventTime: now().toISOString(), run: { runId, ...parent, facets }, inputs, outputs, ...base });
        return result;
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        emit({
          eventType: "FAIL",
          eventTime: now().toISOString(),
          run: { runId, ...parent, facets: { ...facets, errorMessage: { message, programmingLanguage: "TypeScript" } } },
          inputs,
          outputs,
          ...base,
        });
        throw error;
      }
    },
  };
}

/** A dataset version named again (a quality check on an input, say) gains the new facets. */
function addRef(list: LineageDatasetRef[], ref: LineageDatasetRef): void {
  const index = list.findIndex((r) => r.namespace === ref.namespace && r.name === ref.name && r.version === ref.version);
  if (index < 0) list.push(ref);
  else list[index] = { ...list[index]!, facets: { ...list[index]!.facets, ...ref.facets } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuid(value: string): boolean {
  return UUID.test(value);
}

function describeFailure(error: Extract<RunOutcome, { ok: false }>["error"]): { message: string; stackTrace?: string } {
  switch (error.kind) {
    case "exception":
      return { message: `${error.name}: ${error.message}`, stackTrace: error.stack };
    case "timeout":
      return { message: `the cell ran past its ${error.limitMs} ms time limit` };
    case "memory":
      return { message: `the cell ran out of memory (limit ${error.limitMb} MB)` };
    case "interrupted":
      return { message: "the cell was interrupted" };
    case "internal":
      return { message: error.message };
  }
}

/** The server takes plain JSON only: a BigInt becomes its decimal text, what JSON cannot hold is dropped. */
function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "null");
}
