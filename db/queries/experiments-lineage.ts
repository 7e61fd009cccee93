import { and, eq } from "drizzle-orm";
import type { ArtifactKind } from "../../protocol/experiments";
import { experimentInputs } from "../schema/experiments";
import type { ArtifactRow, ExperimentRow, RunRow } from "./experiments";
import { insertLineageEdges, insertLineageNodes, upsertLineageDataset, type LineageEdgeWrite } from "./lineage";
import { versionNodeId } from "../../protocol/datasets";
import type { Executor } from "./executor";

/**
 * How experiment tracking joins the lineage graph (written in the same
 * transaction as the tracking rows):
 *
 * - `experiment` nodes (workspace-wide, like datasets) and `experiment_run`
 *   nodes (visible to the run's notebook readers), `run_of` run -> experiment;
 * - `child_of` run -> parent `experiment_run`, and run -> the cell's lineage
 *   `run` when the run was started by a cell run the recorder knows;
 * - inputs: `input` edges `dataset_version` -> run, with `version_of` to the dataset;
 * - artifacts: `output` edges run -> `model_artifact` (kind model) or `artifact`.
 */
export const EXPERIMENT_NODE_KINDS = {
  experiment: "experiment",
  run: "experiment_run",
  model: "model_artifact",
  artifact: "artifact",
} as const;

/** An artifact's node id: the run and the path, as MLflow's `runs:/<run_id>/<path>` names it. */
export function artifactNodeId(runId: string, path: string): string {
  return `${runId}/${path}`;
}

export function artifactNodeKind(kind: ArtifactKind | string): string {
  return kind === "model" ? EXPERIMENT_NODE_KINDS.model : EXPERIMENT_NODE_KINDS.artifact;
}

export async function linkRunLineage(tx: Executor, experiment: ExperimentRow, run: RunRow): Promise<void> {
  await insertLineageNodes(tx, [
    { kind: EXPERIMENT_NODE_KINDS.experiment, id: experiment.id, label: experiment.name, notebookId: null },
    { kind: EXPERIMENT_NODE_KINDS.run, id: run.id, label: `${experiment.name}/${run.name}`, notebookId: run.notebookId },
  ]);
  const self: [string, string] = [EXPERIMENT_NODE_KINDS.run, run.id];
  const edges: LineageEdgeWrite[] = [{ src: self, dst: [EXPERIMENT_NODE_KINDS.experiment, experiment.id], relation: "run_of" }];
  if (run.parentRunId) edges.push({ src: self, dst: [EXPERIMENT_NODE_KINDS.run, run.parentRunId], relation: "child_of" });
  if (run.lineageRunId) edges.push({ src: self, dst: ["run", run.lineageRunId], relation: "child_of" });
  await insertLineageEdges(tx, edges);
}

/**
 * Links a dataset version the run read in `context`. The dataset row is
 * created when the recorder has not written it yet (its id is needed for the
 * version's node id); the version row is left to the recorder, whose first
 * record wins. The input edge's facets list every context the run read the
 * version in (one edge per version and run, as in the lineage store).
 */
export async function linkInputLineage(
  tx: Executor,
  run: RunRow,
  dataset: { namespace: string; name: string; digest: string },
  context: string,
): Promise<{ datasetId: string; versionNodeId: string }> {
  const found = await upsertLineageDataset(tx, { kind: "dataset", namespace: dataset.namespace, name: dataset.name });
  const nodeId = versionNodeId(found.id, dataset.digest);
  await insertLineageNodes(tx, [
    { kind: found.kind, id: found.id, label: `${dataset.namespace}/${dataset.name}`, notebookId: null },
    { kind: "dataset_version", id: nodeId, label: `${dataset.name}@${dataset.digest.slice(0, 12)}`, notebookId: run.notebookId },
  ]);
  await insertLineageEdges(tx, [
    { src: ["dataset_version", nodeId], dst: [found.kind, found.id], relation: "version_of" },
    { src: ["dataset_version", nodeId], dst: [EXPERIMENT_NODE_KINDS.run, run.id], relation: "input", facets: { contexts: await contextsOf(tx, run.id, found.id, dataset.digest, context) } },
  ]);
  return { datasetId: found.id, versionNodeId: nodeId };
}

async function contextsOf(tx: Executor, runId: string, datasetId: string, digest: string, added: string): Promise<string[]> {
  const rows = await tx
    .select({ context: experimentInputs.context })
    .from(experimentInputs)
    .where(and(eq(experimentInputs.runId, runId), eq(experimentInputs.datasetId, datasetId), eq(experimentInputs.digest, digest)));
  return [...new Set([...rows.map((r) => r.context), added])].sort();
}

export async function linkArtifactLineage(tx: Executor, run: RunRow, artifact: ArtifactRow): Promise<void> {
  const kind = artifactNodeKind(artifact.kind);
  const id = artifactNodeId(run.id, artifact.path);
  await insertLineageNodes(tx, [{ kind, id, label: `${run.name}/${artifact.path}`, notebookId: run.notebookId }]);
  await insertLineageEdges(tx, [{ src: [EXPERIMENT_NODE_KINDS.run, run.id], dst: [kind, id], relation: "output" }]);
}
