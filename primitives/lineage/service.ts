import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/client";
import { writeLineageBatch } from "../../db/queries/lineage";
import { findLineageEdges, findLineageNodes, findNotebookJobNodes } from "../../db/queries/lineage-graph";
import { findLineageRun } from "../../db/queries/lineage-runs";
import { AppError } from "../../protocol/errors";
import { readCheck, type CanRead } from "./access";
import { createDatasetCatalog, type DatasetCatalog } from "./datasets";
import { walkLineage, type Direction, type GraphNode, type GraphSource, type LineageGraph } from "./graph";
import { exportRunEvents, type OpenLineageRunEvent } from "./openlineage";
import { createQuarantineFile } from "./quarantine";
import { createLineageRecorder, type LineageRecorder, type LineageRecorderOptions } from "./recorder";

/**
 * The lineage service the server owns: the recorder that batches events into
 * the store, graph walks and the OpenLineage export, with the notebook's
 * read permission deciding who sees a notebook's runs and what they made.
 */
export interface LineageService {
  recorder: LineageRecorder;
  graph(principal: Principal, query: GraphQuery): Promise<LineageGraph>;
  exportRun(principal: Principal, runId: string): Promise<OpenLineageRunEvent[]>;
  /** Datasets with the versions and runs the caller may see (the dataset pages). */
  datasets: DatasetCatalog;
  close(options?: { deadlineMs?: number }): Promise<void>;
}

export interface GraphQuery {
  /** `notebook` (all of a notebook's jobs), or a node kind: `job`, `run`, `dataset`, `dataset_version`, … */
  kind: string;
  id: string;
  direction: Direction;
  depth: number;
}

export interface LineageDeps {
  db: Database;
  /** Throws (404/403) unless the principal may read the notebook. */
  canRead: CanRead;
  /** Answers whether the store is reachable (`Store.ping`); with `quarantineFile`, poison events are set aside. */
  ping?(): Promise<void>;
  /** NDJSON file that keeps events the reachable store refused. */
  quarantineFile?: string;
  recorder?: Omit<LineageRecorderOptions, "write">;
}

export function createGraphSource(db: Database): GraphSource {
  return {
    findEdges: (side, keys, relations) => findLineageEdges(db, side, keys, relations),
    findNodes: async (keys) => (await findLineageNodes(db, keys)).map(({ kind, id, label, notebookId }) => ({ kind, id, label, notebookId })),
  };
}

export function createLineage(deps: LineageDeps): LineageService {
  const quarantine = deps.quarantineFile ? createQuarantineFile(deps.quarantineFile) : null;
  const ping = deps.ping;
  const recorder = createLineageRecorder({
    ...(quarantine && ping
      ? {
          reachable: () => ping().then(() => true),
          quarantine: async (event, error) => {
            await quarantine.append(event, error);
            console.error(`[lineage] the store refused an event of run ${event.run.runId}; kept in ${quarantine.file}:`, error);
          },
        }
      : {}),
    onWriteError: (error, attempt, buffered) => {
      // One line per doubling, not per retry, while the store is down.
      if ((attempt & (attempt - 1)) === 0) console.error(`[lineage] write failed (attempt ${attempt}, ${buffered} events buffered):`, error);
    },
    ...deps.recorder,
    write: (batch) => writeLineageBatch(deps.db, batch),
  });
  const source = createGraphSource(deps.db);

  const visibility = (principal: Principal) => {
    const visible = readCheck(deps.canRead, principal);
    return (node: GraphNode) => visible(node.notebookId);
  };

  return {
    recorder,
    async graph(principal, query) {
      let roots: GraphNode[];
      if (query.kind === "notebook") {
        await deps.canRead(principal, query.id);
        roots = (await findNotebookJobNodes(deps.db, query.id)).map(({ kind, id, label, notebookId }) => ({ kind, id, label, notebookId }));
      } else {
        const [root] = await source.findNodes([{ kind: query.kind, id: query.id }]);
        if (!root) throw new AppError("not_found", "lineage node not found");
        // The root's own notebook answers with its 404/403, like the notebook routes.
        if (root.notebookId) await deps.canRead(principal, root.notebookId);
        roots = [root];
      }
      return walkLineage(source, roots, { direction: query.direction, depth: query.depth, visible: visibility(principal) });
    },
    async exportRun(principal, runId) {
      const record = await findLineageRun(deps.db, runId);
      if (!record) throw new AppError("not_found", "lineage run not found");
      if (record.job.notebookId) await deps.canRead(principal, record.job.notebookId);
      return exportRunEvents(record);
    },
    datasets: createDatasetCatalog({ db: deps.db, canRead: deps.canRead }),
    close: (options) => recorder.close(options),
  };
}
