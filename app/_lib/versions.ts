import type { DiffView, RestoreView, VersionView } from "@/protocol/versions";
import { api } from "./api";

/** The browser's calls to a notebook's versions (see collab/README.md, "Versions"). */

const versionsPath = (notebookId: string) => `/api/notebooks/${encodeURIComponent(notebookId)}/versions`;
const versionPath = (notebookId: string, versionId: string) => `${versionsPath(notebookId)}/${encodeURIComponent(versionId)}`;

/**
 * Every version, newest first.
 *
 * @example
 * const versions = await listVersions(notebookId);
 */
export async function listVersions(notebookId: string): Promise<VersionView[]> {
  return (await api<{ versions: VersionView[] }>("GET", versionsPath(notebookId))).versions;
}

/**
 * Takes a named version of the notebook as it is now (editors and owners).
 *
 * @example
 * await saveVersion(notebookId, "Before tuning");
 */
export async function saveVersion(notebookId: string, name: string): Promise<VersionView> {
  return (await api<{ version: VersionView }>("POST", versionsPath(notebookId), { body: { name } })).version;
}

/**
 * The cell-by-cell diff from a version to another one or to the notebook as it is now.
 *
 * @example
 * const { cells, summary } = await diffVersion(notebookId, versionId); // against "current"
 */
export async function diffVersion(notebookId: string, versionId: string, against = "current"): Promise<DiffView> {
  const path = `${versionPath(notebookId, versionId)}/diff?against=${encodeURIComponent(against)}`;
  return (await api<{ diff: DiffView }>("GET", path)).diff;
}

/**
 * Makes the notebook's cells the version's, as a new edit; the state before is kept as an automatic version.
 *
 * @example
 * const { backup } = await restoreVersion(notebookId, versionId);
 */
export function restoreVersion(notebookId: string, versionId: string): Promise<RestoreView> {
  return api<RestoreView>("POST", `${versionPath(notebookId, versionId)}/restore`);
}
