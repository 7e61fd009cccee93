import { isAppError } from "../../protocol/errors";
import {
  metricInputSchema,
  toWireNumber,
  type ArtifactKind,
  type ArtifactView,
  type DatasetRef,
  type EndStatus,
  type InputContext,
  type InputView,
  type MetricInput,
  type RunView,
} from "../../protocol/experiments";
import { parseInput } from "../../protocol/validation";
import type { ArtifactSource } from "../artifacts/store";
import type { TrackingWriter } from "./writer";

/**
 * What training code calls to track a run, whatever sits behind it (the
 * server's writer in-process, or an IPC proxy to it from the kernel child).
 *
 * @example
 * const run = await tracker.startRun({ experiment: "iris", name: "lr-0.1" });
 * await run.logParams({ lr: 0.1, epochs: 20 });
 * for (let epoch = 0; epoch < 20; epoch++) await run.logMetric("loss", loss, epoch);
 * await run.endRun("FINISHED");
 */
export interface TrainingTracker {
  startRun(options: StartRunOptions): Promise<TrackedRun>;
}

export interface StartRunOptions {
  /** The experiment's name; created when new. */
  experiment: string;
  name?: string;
  parentRunId?: string;
  tags?: Record<string, string>;
}

export interface TrackedRun {
  readonly id: string;
  readonly name: string;
  /** Write-once: logging a key again with another value throws `param_conflict`. */
  logParams(params: Record<string, string | number | boolean>): Promise<void>;
  /**
   * Buffers one point (timestamped now; step defaults to 0) and writes the
   * buffer when it is full or a second has passed since the last write.
   * NaN and ±Infinity are kept.
   */
  logMetric(key: string, value: number, step?: number): Promise<void>;
  logMetrics(values: Record<string, number>, step?: number): Promise<void>;
  setTag(key: string, value: string): Promise<void>;
  logInput(dataset: DatasetRef, context: InputContext): Promise<InputView>;
  /** `content`: the bytes, or `{ artifactId }` of a blob already in the artifact store (how a kernel logs a saved model). */
  logArtifact(path: string, content: ArtifactSource | StoredArtifact, options?: { kind?: ArtifactKind; mediaType?: string }): Promise<ArtifactView>;
  /** Writes buffered metric points now. */
  flush(): Promise<void>;
  /** Writes buffered points, then ends the run (FINISHED unless told otherwise). */
  endRun(status?: EndStatus): Promise<RunView>;
}

/** A blob already in the artifact store, by its id (sha256). */
export interface StoredArtifact {
  artifactId: string;
}

/** Where the run was started from: bound once per cell run by the kernel side. */
export interface TrackerContext {
  notebookId?: string | null;
  cellId?: string | null;
  actorId?: string | null;
  /** The lineage run of the cell execution, so the experiment run hangs under it in the graph. */
  lineageRunId?: string | null;
}

export interface TrackerOptions {
  /** Buffered points that trigger a write (default 500, at most the writer's batch of 1000). */
  flushEvery?: number;
  /** A write also happens on a log call when this long has passed since the last one (default 1000 ms). */
  flushIntervalMs?: number;
  now?: () => number;
}

type WirePoint = Required<Pick<MetricInput, "key" | "step" | "timestamp">> & { value: MetricInput["value"] };

export function createTrainingTracker(writer: TrackingWriter, context: TrackerContext = {}, options: TrackerOptions = {}): TrainingTracker {
  const flushEvery = Math.max(1, Math.min(options.flushEvery ?? 500, 1000));
  const interval = options.flushIntervalMs ?? 1000;
  const now = options.now ?? Date.now;

  return {
    async startRun(start) {
      const view = await writer.createRun({
        experiment: start.experiment,
        name: start.name,
        parentRunId: start.parentRunId,
        notebookId: context.notebookId ?? null,
        cellId: context.cellId ?? null,
        actorId: context.actorId ?? null,
        lineageRunId: context.lineageRunId ?? null,
        tags: Object.entries(start.tags ?? {}).map(([key, value]) => ({ key, value })),
      });
      let buffer: WirePoint[] = [];
      let lastFlush = now();

      async function flush(): Promise<void> {
        lastFlush = now();
        if (buffer.length === 0) return;
        const batch = buffer;
        buffer = [];
        try {
          for (let i = 0; i < batch.length; i += 1000) await writer.logMetrics(view.id, batch.slice(i, i + 1000));
        } catch (error) {
          // A refusal (an ended run) would be refused again; anything else (a lost channel) is retried on the next write.
          if (!isAppError(error)) buffer = [...batch, ...buffer];
          throw error;
        }
      }

      async function push(points: WirePoint[]): Promise<void> {
        buffer.push(...points);
        if (buffer.length >= flushEvery || now() - lastFlush >= interval) await flush();
      }

      function point(key: string, value: number, step: number | undefined, timestamp: number): WirePoint {
        // Checked at the call, not at the later write, so the error points at the line that made it.
        parseInput(metricInputSchema, { key, value: toWireNumber(value), step, timestamp });
        return { key, value: toWireNumber(value), step: step ?? 0, timestamp };
      }

      return {
        id: view.id,
        name: view.name,
        logParams: (params) => writer.logParams(view.id, Object.entries(params).map(([key, value]) => ({ key, value }))),
        logMetric: async (key, value, step) => push([point(key, value, step, now())]),
        logMetrics: async (values, step) => {
          const at = now();
          return push(Object.entries(values).map(([key, value]) => point(key, value, step, at)));
        },
        setTag: (key, value) => writer.setTag(view.id, key, value),
        logInput: (dataset, inputContext) => writer.logInput(view.id, { dataset, context: inputContext }),
        logArtifact: (path, content, artifact = {}) =>
          writer.logArtifact(view.id, isStored(content) ? { path, artifactId: content.artifactId, ...artifact } : { path, content, ...artifact }),
        flush,
        async endRun(status = "FINISHED") {
          await flush();
          return writer.endRun(view.id, status);
        },
      };
    },
  };
}

function isStored(content: ArtifactSource | StoredArtifact): content is StoredArtifact {
  return !(content instanceof Uint8Array) && typeof (content as Partial<StoredArtifact>).artifactId === "string";
}
