import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Database } from "../../db/client";
import {
  findArtifact,
  findExperimentByName,
  findParamValues,
  findRun,
  insertArtifact,
  insertExperiment,
  insertInput,
  insertMetrics,
  insertParams,
  insertRun,
  listRunningRunIds,
  listRunningRunIdsTagged,
  lockRun,
  updateRunStatus,
  upsertExperiment,
  upsertTags,
  type MetricWrite,
  type RunRow,
} from "../../db/queries/experiments";
import { linkArtifactLineage, linkInputLineage, linkRunLineage } from "../../db/queries/experiments-lineage";
import type { Executor } from "../../db/queries/executor";
import { nameSchema } from "../../protocol/api";
import { AppError } from "../../protocol/errors";
import {
  ARTIFACT_KINDS,
  artifactPathSchema,
  datasetRefSchema,
  END_STATUSES,
  INPUT_CONTEXTS,
  metricInputSchema,
  paramInputSchema,
  tagInputSchema,
  TRACKING_LIMITS,
  type ArtifactKind,
  type ArtifactView,
  type DatasetRef,
  type EndStatus,
  type ExperimentView,
  type InputContext,
  type InputView,
  type MetricInput,
  type ParamInput,
  type RunView,
  type TagInput,
} from "../../protocol/experiments";
import { parseInput } from "../../protocol/validation";
import { ArtifactNotFoundError, ArtifactTooLargeError, parseArtifactId, type ArtifactSource, type ArtifactStore } from "../artifacts/store";
import { toArtifactView, toExperimentView, toInputView, toRunView } from "./views";

/**
 * @example
 * const run = await writer.createRun({ experiment: "iris", name: "lr-0.1", notebookId, cellId, actorId });
 * await writer.logParams(run.id, [{ key: "lr", value: 0.1 }]);
 * await writer.logMetrics(run.id, [{ key: "loss", value: 0.42, step: 1 }, { key: "loss", value: "NaN", step: 2 }]);
 * await writer.endRun(run.id, "FINISHED");
 *
 * The writing half of experiment tracking, with no principal: the server
 * calls it for a caller it has already authorized (the kernel for a cell's
 * run, the HTTP routes through `authorizedWriter`). Every argument and result
 * is plain data (metric values may be "NaN"/"Infinity"/"-Infinity" strings),
 * so the kernel child can call it through an IPC proxy; artifact content is
 * bytes, or the id of a blob the child already put in the artifact store.
 *
 * Each call is one transaction: tracking rows and their lineage nodes and
 * edges are stored together or not at all.
 */
export interface TrackingWriter {
  /** Creates an experiment; `conflict` when the name is taken. */
  createExperiment(input: { name: string; actorId?: string | null }): Promise<ExperimentView>;
  getExperimentByName(name: string): Promise<ExperimentView | null>;
  /** Starts a RUNNING run, creating its experiment when the name is new (MLflow's set_experiment + start_run). */
  createRun(input: CreateRunInput): Promise<RunView>;
  /** Params are write-once: the same value again is a no-op, a different value is `param_conflict` and nothing is written. */
  logParams(runId: string, params: readonly ParamInput[]): Promise<void>;
  logParam(runId: string, key: string, value: string | number | boolean): Promise<void>;
  /** Appends metric points (step defaults to 0, timestamp to now); the history keeps every point. */
  logMetrics(runId: string, metrics: readonly MetricInput[]): Promise<void>;
  logMetric(runId: string, key: string, value: number | string, step?: number, timestamp?: number): Promise<void>;
  /** Tags may be set again (also on an ended run, as MLflow allows). */
  setTags(runId: string, tags: readonly TagInput[]): Promise<void>;
  setTag(runId: string, key: string, value: string): Promise<void>;
  /** MLflow's log-batch: params, metrics and tags in one all-or-nothing write. */
  logBatch(runId: string, batch: { params?: readonly ParamInput[]; metrics?: readonly MetricInput[]; tags?: readonly TagInput[] }): Promise<void>;
  /** Records a dataset version the run read, with its context; it becomes an `input` edge in the lineage graph. */
  logInput(runId: string, input: { dataset: DatasetRef; context: InputContext }): Promise<InputView>;
  /** Stores a file of the run under `path` (write-once; the same content again is a no-op). */
  logArtifact(runId: string, input: ArtifactInput): Promise<ArtifactView>;
  /** RUNNING -> FINISHED | FAILED | KILLED; an ended run keeps its status (the same status again is a no-op). */
  endRun(runId: string, status: EndStatus, endTime?: number): Promise<RunView>;
  /** Marks a notebook's RUNNING runs KILLED (its kernel was interrupted, restarted or stopped); returns their ids. */
  killRunningRuns(notebookId: string): Promise<string[]>;
}

/** The server's own writer: the kernel's and the API's, and the start-up sweep. */
export interface ServerTrackingWriter extends TrackingWriter {
  /**
   * Marks KILLED every RUNNING run a kernel opened (tagged KERNEL_RUN_TAG).
   * Called at start-up, when no kernel of this server is alive: such a run
   * was left by a process that stopped without ending it (a crash, a kill).
   */
  killOrphanedKernelRuns(): Promise<string[]>;
}

/** The tag a kernel puts on the runs it opens, so a server starting after a crash can end them. */
export const KERNEL_RUN_TAG = { key: "tracebook.source", value: "kernel" } as const;

const UUID = z.string().uuid("must be a uuid").transform((s) => s.toLowerCase());

const createRunInput = z.strictObject({
  experiment: nameSchema,
  name: z.string().trim().min(1).max(TRACKING_LIMITS.runNameLength).optional(),
  parentRunId: UUID.optional(),
  notebookId: UUID.nullish(),
  cellId: z.string().min(1).max(200).nullish(),
  lineageRunId: UUID.nullish(),
  actorId: UUID.nullish(),
  startTime: z.number().int().min(0).optional(),
  tags: z.array(tagInputSchema).max(TRACKING_LIMITS.batchTags).optional(),
});
export type CreateRunInput = z.input<typeof createRunInput>;

const artifactInput = z.union([
  z.strictObject({
    path: artifactPathSchema,
    kind: z.enum(ARTIFACT_KINDS).default("file"),
    mediaType: z.string().min(1).max(200).default("application/octet-stream"),
    content: z.custom<ArtifactSource>((v) => v instanceof Uint8Array || (typeof v === "object" && v !== null && Symbol.asyncIterator in v), "bytes or a stream"),
  }),
  z.strictObject({
    path: artifactPathSchema,
    kind: z.enum(ARTIFACT_KINDS).default("file"),
    mediaType: z.string().min(1).max(200).default("application/octet-stream"),
    /** A blob already in the artifact store (sha256). */
    artifactId: z.string(),
  }),
]);
export type ArtifactInput = { path: string; kind?: ArtifactKind; mediaType?: string } & ({ content: ArtifactSource } | { artifactId: string });

export interface WriterDeps {
  db: Database;
  artifacts: ArtifactStore;
  now?: () => Date;
}

export function createTrackingWriter(deps: WriterDeps): ServerTrackingWriter {
  const now = deps.now ?? (() => new Date());

  function runId(raw: string): string {
    const parsed = UUID.safeParse(raw);
    if (!parsed.success) throw new AppError("invalid_id", `"${String(raw).slice(0, 64)}" is not a valid run id`);
    return parsed.data;
  }

  /** Runs `write` on the locked run, which must be RUNNING unless `anyStatus`. */
  async function onRun<T>(raw: string, write: (tx: Executor, run: RunRow) => Promise<T>, options: { anyStatus?: boolean } = {}): Promise<T> {
    const id = runId(raw);
    return deps.db.transaction(async (tx) => {
      const run = await lockRun(tx, id);
      if (!run) throw new AppError("not_found", `experiment run ${id} not found`);
      if (!options.anyStatus && run.status !== "RUNNING") {
        throw new AppError("run_ended", `run "${run.name}" (${run.id}) is ${run.status}; an ended run takes no more params, metrics, inputs or artifacts`);
      }
      return write(tx, run);
    });
  }

  async function writeParams(tx: Executor, run: RunRow, raw: readonly ParamInput[]): Promise<void> {
    const params = raw.map((p) => parseInput(paramInputSchema, p));
    const batch = new Map<string, string>();
    for (const p of params) {
      const earlier = batch.get(p.key);
      if (earlier !== undefined && earlier !== p.value) throw paramConflict(run, p.key, earlier, p.value, "in the same batch");
      batch.set(p.key, p.value);
    }
    const existing = await findParamValues(tx, run.id, [...batch.keys()]);
    for (const [key, value] of batch) {
      const logged = existing.get(key);
      if (logged !== undefined && logged !== value) throw paramConflict(run, key, logged, value, "already");
    }
    await insertParams(tx, run.id, [...batch].filter(([key]) => !existing.has(key)).map(([key, value]) => ({ key, value })));
  }

  async function writeMetrics(tx: Executor, run: RunRow, raw: readonly MetricInput[]): Promise<void> {
    const at = now().getTime();
    const points: MetricWrite[] = raw.map((m) => {
      const p = parseInput(metricInputSchema, m);
      return { key: p.key, value: p.value, step: p.step ?? 0, timestamp: p.timestamp ?? at };
    });
    await insertMetrics(tx, run.id, points);
  }

  async function writeTags(tx: Executor, run: RunRow, raw: readonly TagInput[]): Promise<void> {
    await upsertTags(tx, run.id, raw.map((t) => parseInput(tagInputSchema, t)));
  }

  /** Ends each run still RUNNING as KILLED, each under its own lock; returns those it ended. */
  async function killAll(ids: readonly string[]): Promise<string[]> {
    const killed: string[] = [];
    for (const id of ids) {
      const ended = await onRun(id, async (tx, run) => (run.status === "RUNNING" ? updateRunStatus(tx, run.id, "KILLED", now()) : null), { anyStatus: true });
      if (ended) killed.push(ended.id);
    }
    return killed;
  }

  return {
    async createExperiment(input) {
      const name = parseInput(nameSchema, input.name);
      const row = await insertExperiment(deps.db, { name, createdBy: input.actorId ?? null });
      if (!row) throw new AppError("conflict", `an experiment named "${name}" already exists`);
      return toExperimentView(row);
    },

    async getExperimentByName(name) {
      const row = await findExperimentByName(deps.db, name);
      return row ? toExperimentView(row) : null;
    },

    async createRun(raw) {
      const input = parseInput(createRunInput, raw);
      if (input.parentRunId && !(await findRun(deps.db, input.parentRunId))) {
        throw new AppError("not_found", `parent run ${input.parentRunId} not found`);
      }
      const id = randomUUID();
      const row = await deps.db.transaction(async (tx) => {
        const experiment = await upsertExperiment(tx, { name: input.experiment, createdBy: input.actorId ?? null });
        const run = await insertRun(tx, {
          id,
          experimentId: experiment.id,
          name: input.name ?? `run-${id.slice(0, 8)}`,
          status: "RUNNING",
          parentRunId: input.parentRunId ?? null,
          notebookId: input.notebookId ?? null,
          cellId: input.cellId ?? null,
          lineageRunId: input.lineageRunId ?? null,
          actorId: input.actorId ?? null,
          startTime: input.startTime === undefined ? now() : new Date(input.startTime),
        });
        await upsertTags(tx, run.id, input.tags ?? []);
        await linkRunLineage(tx, experiment, run);
        return run;
      });
      return toRunView(row);
    },

    logParams: (id, params) => onRun(id, (tx, run) => writeParams(tx, run, params)),
    logParam: (id, key, value) => onRun(id, (tx, run) => writeParams(tx, run, [{ key, value }])),
    logMetrics: (id, metrics) => onRun(id, (tx, run) => writeMetrics(tx, run, metrics)),
    logMetric: (id, key, value, step, timestamp) =>
      onRun(id, (tx, run) => writeMetrics(tx, run, [{ key, value: value as MetricInput["value"], step, timestamp }])),
    setTags: (id, tags) => onRun(id, (tx, run) => writeTags(tx, run, tags), { anyStatus: true }),
    setTag: (id, key, value) => onRun(id, (tx, run) => writeTags(tx, run, [{ key, value }]), { anyStatus: true }),

    logBatch: (id, batch) =>
      onRun(id, async (tx, run) => {
        const sizes = [
          ["params", batch.params?.length ?? 0, TRACKING_LIMITS.batchParams],
          ["metrics", batch.metrics?.length ?? 0, TRACKING_LIMITS.batchMetrics],
          ["tags", batch.tags?.length ?? 0, TRACKING_LIMITS.batchTags],
        ] as const;
        for (const [what, size, limit] of sizes) {
          if (size > limit) throw new AppError("invalid_body", `a batch holds at most ${limit} ${what}; got ${size}`);
        }
        await writeParams(tx, run, batch.params ?? []);
        await writeMetrics(tx, run, batch.metrics ?? []);
        await writeTags(tx, run, batch.tags ?? []);
      }),

    logInput: (id, raw) =>
      onRun(id, async (tx, run) => {
        const dataset = parseInput(datasetRefSchema, raw.dataset);
        const context = parseInput(z.enum(INPUT_CONTEXTS), raw.context);
        const { datasetId } = await linkInputLineage(tx, run, dataset, context);
        const values = { runId: run.id, datasetId, namespace: dataset.namespace, name: dataset.name, digest: dataset.digest, context };
        await insertInput(tx, values);
        return toInputView({ ...values, createdAt: now() });
      }),

    async logArtifact(id, raw) {
      const input = parseInput(artifactInput, raw);
      // Refused early, before any bytes are stored; the transaction below checks again under the lock.
      const before = await findRun(deps.db, runId(id));
      if (!before) throw new AppError("not_found", `experiment run ${runId(id)} not found`);
      if (before.status !== "RUNNING") throw new AppError("run_ended", `run "${before.name}" (${before.id}) is ${before.status}; an ended run takes no more artifacts`);
      // The blob goes in first: it is content-addressed, so one left by a refused write harms nothing.
      let blob: { id: string; size: number };
      if ("content" in input) {
        try {
          blob = await deps.artifacts.put(input.content, { maxBytes: TRACKING_LIMITS.artifactBytes });
        } catch (error) {
          if ((error as Error | null)?.name === ArtifactTooLargeError.name) throw new AppError("payload_too_large", `${(error as Error).message}; nothing was stored`);
          throw error;
        }
      } else {
        let found;
        try {
          found = await deps.artifacts.stat(parseArtifactId(input.artifactId));
        } catch (error) {
          throw new AppError("invalid_id", (error as Error).message);
        }
        if (!found) throw new AppError("not_found", new ArtifactNotFoundError(input.artifactId).message);
        blob = found;
      }
      return onRun(id, async (tx, run) => {
        const existing = await findArtifact(tx, run.id, input.path);
        if (existing) {
          if (existing.sha256 === blob.id) return toArtifactView(existing);
          throw new AppError("conflict", `run "${run.name}" already has an artifact at "${input.path}" with other content (sha256 ${existing.sha256.slice(0, 12)}…); artifacts are write-once, log the new one under another path`);
        }
        const row = await insertArtifact(tx, { runId: run.id, path: input.path, kind: input.kind, sha256: blob.id, size: blob.size, mediaType: input.mediaType });
        await linkArtifactLineage(tx, run, row);
        return toArtifactView(row);
      });
    },

    endRun: (id, rawStatus, endTime) =>
      onRun(
        id,
        async (tx, run) => {
          const status = parseInput(z.enum(END_STATUSES), rawStatus);
          if (run.status !== "RUNNING") {
            if (run.status === status) return toRunView(run);
            throw new AppError("run_ended", `run "${run.name}" (${run.id}) already ended as ${run.status}; its status cannot change to ${status}`);
          }
          const end = endTime === undefined ? now() : new Date(parseInput(z.number().int().min(0), endTime));
          if (end < run.startTime) throw new AppError("invalid_body", `endTime ${end.toISOString()} is before the run's start ${run.startTime.toISOString()}`);
          return toRunView(await updateRunStatus(tx, run.id, status, end));
        },
        { anyStatus: true },
      ),

    killRunningRuns: async (notebookId) => killAll(await listRunningRunIds(deps.db, parseInput(UUID, notebookId))),
    killOrphanedKernelRuns: async () => killAll(await listRunningRunIdsTagged(deps.db, KERNEL_RUN_TAG.key, KERNEL_RUN_TAG.value)),
  };
}

function paramConflict(run: RunRow, key: string, logged: string, attempted: string, when: "already" | "in the same batch"): AppError {
  const show = (v: string) => JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…` : v);
  const prefix = when === "already" ? `param "${key}" was already logged with value ${show(logged)}` : `param "${key}" appears in the batch with value ${show(logged)}`;
  return new AppError("param_conflict", `${prefix} for run "${run.name}" (${run.id}); params are write-once, so ${show(attempted)} was not logged`);
}
