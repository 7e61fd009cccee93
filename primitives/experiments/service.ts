import type { Readable } from "node:stream";
import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/client";
import { findArtifact, findExperiment, findRun, type RunRow } from "../../db/queries/experiments";
import {
  listArtifacts,
  listChildRuns,
  listInputs,
  listLatestMetrics,
  listMetricHistory,
  listParams,
  listTags,
} from "../../db/queries/experiments-read";
import { listExperimentKeys, listExperiments, searchRuns, type RunVisibility } from "../../db/queries/experiments-search";
import { AppError, isAppError } from "../../protocol/errors";
import {
  TRACKING_LIMITS,
  type ArtifactView,
  type ExperimentKeys,
  type ExperimentView,
  type MetricPoint,
  type RunDetail,
  type RunSearchPage,
  type RunSummary,
} from "../../protocol/experiments";
import type { ArtifactStore } from "../artifacts/store";
import { parseRunFilter, parseRunOrder } from "./search-filter";
import { groupByRun, toArtifactView, toExperimentView, toInputView, toMetricPoint, toRunSummary } from "./views";
import { createTrackingWriter, type ServerTrackingWriter, type TrackingWriter } from "./writer";

/**
 * Experiment tracking as the server owns it. `writer` is the trusted write
 * side (the kernel's proxy target); `authorizedWriter(principal)` puts the
 * notebook's run permission in front of it for the HTTP routes; the reads
 * show a principal the runs of notebooks it may read (and runs made outside
 * any notebook). Experiments themselves are workspace-wide names.
 */
export interface Tracking {
  writer: ServerTrackingWriter;
  authorizedWriter(principal: Principal): TrackingWriter;
  listExperiments(principal: Principal): Promise<ExperimentView[]>;
  getExperiment(principal: Principal, experimentId: string): Promise<{ experiment: ExperimentView; keys: ExperimentKeys }>;
  searchRuns(principal: Principal, experimentId: string, query: RunSearchQuery): Promise<RunSearchPage>;
  getRun(principal: Principal, runId: string): Promise<RunDetail>;
  metricHistory(principal: Principal, runId: string, key: string): Promise<{ points: MetricPoint[]; truncated: boolean }>;
  openArtifact(principal: Principal, runId: string, path: string): Promise<{ artifact: ArtifactView; body: Readable }>;
}

export interface RunSearchQuery {
  filter: string;
  orderBy: readonly string[];
  maxResults: number;
  pageToken?: string;
}

export interface TrackingDeps {
  db: Database;
  artifacts: ArtifactStore;
  /** Throws (404/403) unless the principal may read the notebook. */
  canRead(principal: Principal, notebookId: string): Promise<void>;
  /** Throws (404/403) unless the principal may run the notebook's cells (and so log its runs). */
  canRun(principal: Principal, notebookId: string): Promise<void>;
  /** Ids of the notebooks the principal may read. */
  readableNotebooks(principal: Principal): Promise<string[]>;
  now?: () => Date;
}

/** The offset behind a page token: opaque to clients, checked on the way back. */
function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  const match = /^o(\d{1,9})$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!match) throw new AppError("invalid_body", "pageToken: is not a token this server gave");
  return Number(match[1]);
}

function encodePageToken(offset: number): string {
  return Buffer.from(`o${offset}`).toString("base64url");
}

/**
 * @example
 * const tracking = createTracking({ db, artifacts, canRead, canRun, readableNotebooks });
 * const page = await tracking.searchRuns(principal, experimentId, { filter: "metrics.acc > 0.9", orderBy: ["metrics.acc DESC"], maxResults: 50 });
 */
export function createTracking(deps: TrackingDeps): Tracking {
  const writer = createTrackingWriter({ db: deps.db, artifacts: deps.artifacts, now: deps.now });

  const visibility = async (principal: Principal): Promise<RunVisibility> => ({ notebookIds: await deps.readableNotebooks(principal) });

  /** The run, if the principal may read it; a run of a notebook it cannot read is reported missing. */
  async function readableRun(principal: Principal, runId: string): Promise<RunRow> {
    const run = /^[0-9a-f-]{36}$/i.test(runId) ? await findRun(deps.db, runId.toLowerCase()) : null;
    if (!run) throw new AppError("not_found", "experiment run not found");
    if (run.notebookId) await hideMissing(() => deps.canRead(principal, run.notebookId!));
    return run;
  }

  /** A notebook's 404 would name the notebook; the caller asked for a run. */
  async function hideMissing(check: () => Promise<void>): Promise<void> {
    try {
      await check();
    } catch (error) {
      if (isAppError(error) && error.code === "not_found") throw new AppError("not_found", "experiment run not found");
      throw error;
    }
  }

  async function summaries(runs: readonly RunRow[]): Promise<RunSummary[]> {
    const ids = runs.map((r) => r.id);
    const [params, metrics, tags] = [groupByRun(await listParams(deps.db, ids)), groupByRun(await listLatestMetrics(deps.db, ids)), groupByRun(await listTags(deps.db, ids))];
    return runs.map((r) => toRunSummary(r, params.get(r.id) ?? [], metrics.get(r.id) ?? [], tags.get(r.id) ?? []));
  }

  function authorizedWriter(principal: Principal): TrackingWriter {
    /** The run, if the principal may log to it: runs outside notebooks are written by the server only. */
    async function writable(runId: string): Promise<void> {
      const run = await readableRun(principal, runId);
      if (!run.notebookId) throw new AppError("forbidden", "this run was not made in a notebook; only the server writes to it");
      await deps.canRun(principal, run.notebookId);
    }
    const guard =
      <A extends unknown[], R>(call: (runId: string, ...args: A) => Promise<R>) =>
      async (runId: string, ...args: A): Promise<R> => {
        await writable(runId);
        return call(runId, ...args);
      };
    return {
      createExperiment: (input) => writer.createExperiment({ ...input, actorId: principal.user.id }),
      getExperimentByName: (name) => writer.getExperimentByName(name),
      async createRun(input) {
        if (!input.notebookId) throw new AppError("invalid_body", "notebookId: a run logged over the API belongs to a notebook");
        await deps.canRun(principal, input.notebookId);
        if (input.parentRunId) await readableRun(principal, input.parentRunId);
        return writer.createRun({ ...input, actorId: principal.user.id, lineageRunId: null });
      },
      logParams: guard(writer.logParams),
      logParam: guard(writer.logParam),
      logMetrics: guard(writer.logMetrics),
      logMetric: guard(writer.logMetric),
      setTags: guard(writer.setTags),
      setTag: guard(writer.setTag),
      logBatch: guard(writer.logBatch),
      logInput: guard(writer.logInput),
      logArtifact: guard(writer.logArtifact),
      endRun: guard(writer.endRun),
      async killRunningRuns(notebookId) {
        await deps.canRun(principal, notebookId);
        return writer.killRunningRuns(notebookId);
      },
    };
  }

  return {
    writer,
    authorizedWriter,

    async listExperiments(principal) {
      return (await listExperiments(deps.db, await visibility(principal))).map(toExperimentView);
    },

    async getExperiment(principal, experimentId) {
      const seen = await visibility(principal);
      const [listing] = /^[0-9a-f-]{36}$/i.test(experimentId) ? await listExperiments(deps.db, seen, experimentId.toLowerCase()) : [];
      if (!listing) throw new AppError("not_found", "experiment not found");
      return { experiment: toExperimentView(listing), keys: await listExperimentKeys(deps.db, listing.id, seen) };
    },

    async searchRuns(principal, experimentId, query) {
      // Parse first: a bad filter is a 400 whether or not the experiment exists.
      const filter = parseRunFilter(query.filter);
      const order = parseRunOrder(query.orderBy);
      const offset = decodePageToken(query.pageToken);
      const limit = Math.min(query.maxResults, TRACKING_LIMITS.maxResults);
      const experiment = /^[0-9a-f-]{36}$/i.test(experimentId) ? await findExperiment(deps.db, experimentId.toLowerCase()) : null;
      if (!experiment) throw new AppError("not_found", "experiment not found");
      const rows = await searchRuns(deps.db, { experimentId: experiment.id, visibility: await visibility(principal), filter, order, limit, offset });
      const page = rows.slice(0, limit);
      return { runs: await summaries(page), nextPageToken: rows.length > limit ? encodePageToken(offset + limit) : null };
    },

    async getRun(principal, runId) {
      const run = await readableRun(principal, runId);
      const experiment = await findExperiment(deps.db, run.experimentId);
      const [summary] = await summaries([run]);
      const [inputs, artifacts, children] = [
        await listInputs(deps.db, run.id),
        await listArtifacts(deps.db, run.id),
        await listChildRuns(deps.db, run.id, await visibility(principal)),
      ];
      return {
        ...summary!,
        experimentName: experiment?.name ?? "",
        inputs: inputs.map(toInputView),
        artifacts: artifacts.map(toArtifactView),
        children: children.map((c) => ({ ...c, id: c.id as RunDetail["id"] })),
      };
    },

    async metricHistory(principal, runId, key) {
      const run = await readableRun(principal, runId);
      const rows = await listMetricHistory(deps.db, run.id, key, TRACKING_LIMITS.historyPoints + 1);
      return { points: rows.slice(0, TRACKING_LIMITS.historyPoints).map(toMetricPoint), truncated: rows.length > TRACKING_LIMITS.historyPoints };
    },

    async openArtifact(principal, runId, path) {
      const run = await readableRun(principal, runId);
      const row = await findArtifact(deps.db, run.id, path);
      if (!row) throw new AppError("not_found", `run "${run.name}" has no artifact at "${path}"`);
      return { artifact: toArtifactView(row), body: await deps.artifacts.get(row.sha256) };
    },
  };
}
