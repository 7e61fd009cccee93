/** The drizzle schema object: every table and enum, by name. */
export { notebookRole, workspaceRole } from "./enums";
export { apiTokens, invites, sessions, users } from "./identity";
export { notebookMembers, notebooks } from "./notebooks";
export { commentThreads, comments, docSnapshots, docUpdates, docVersions, versionKind } from "./collab";
export { workspaceSettings } from "./workspace";
export { workspaceConnections } from "./connections";
export {
  lineageDatasets,
  lineageDatasetVersions,
  lineageDirection,
  lineageEdges,
  lineageEventType,
  lineageJobKind,
  lineageJobs,
  lineageNodes,
  lineageRunDatasets,
  lineageRunEvents,
  lineageRunStatus,
  lineageRuns,
} from "./lineage";
export { featureOnlineValues, featureViewVersions } from "./features";
export {
  experimentArtifacts,
  experimentInputs,
  experimentLatestMetrics,
  experimentMetrics,
  experimentParams,
  experimentRunStatus,
  experimentRuns,
  experimentTags,
  experiments,
} from "./experiments";
