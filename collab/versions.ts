import * as Y from "yjs";
import { toUserSummary, type Principal } from "../auth/index";
import type { Database } from "../db/client";
import { findVersion, insertVersion, listVersions, updateVersionState, type VersionListing } from "../db/queries/versions";
import type { Notebooks } from "../notebooks/index";
import { AppError } from "../protocol/errors";
import type { DiffView, RestoreView, VersionId, VersionView } from "../protocol/versions";
import { diffCells } from "./cell-diff";
import { decodeContent, writeCells } from "./content";
import type { Collab } from "./core";
import type { KeyedQueue } from "./queue";

export interface VersionDeps {
  db: Database;
  collab: Collab;
  notebooks: Notebooks;
  /** Serialises whole-document rewrites per notebook (shared with imports). */
  queue: KeyedQueue;
}

const NAME_IN_BACKUP_MAX = 80;

/**
 * Named snapshots of a notebook document. A version stores the whole Yjs
 * state at the moment it is taken. Restoring one is a new edit on top that
 * makes the visible cells equal the version's; history is never rewritten,
 * and an automatic version of the state right before is taken first.
 */
export function createVersions(deps: VersionDeps) {
  const requireEditable = (principal: Principal, notebookId: string) => requireEditableNotebook(deps.notebooks, principal, notebookId);

  async function getVersion(notebookId: string, versionId: string) {
    const version = await findVersion(deps.db, notebookId, versionId);
    if (!version) throw new AppError("not_found", "version not found");
    return version;
  }

  async function getView(notebookId: string, versionId: string): Promise<VersionView> {
    return toVersionView(await getVersion(notebookId, versionId));
  }

  /**
   * Applies a whole-document edit after taking an automatic version of the
   * state it is applied to. The version row is written first (so it exists
   * if the edit fails half-way), then made exact: its state becomes the very
   * state the edit started from, including edits that arrived in between.
   * Callers authorize first.
   *
   * @example
   * await versions.rewriteWithBackup(id, userId, "Before importing “a.ipynb”", (doc) => writeCells(doc, cells));
   */
  async function rewriteWithBackup(
    notebookId: string,
    userId: string,
    backupName: string,
    edit: (doc: Y.Doc) => void,
  ): Promise<VersionView> {
    return deps.queue.run(notebookId, async () => {
      const backupId = await insertVersion(deps.db, {
        notebookId,
        name: backupName,
        kind: "auto",
        state: await deps.collab.readDocument(notebookId),
        createdBy: userId,
      });
      const captured: { state?: Uint8Array } = {};
      await deps.collab.editDocument(notebookId, (doc) => {
        captured.state = Y.encodeStateAsUpdate(doc);
        edit(doc);
      });
      if (captured.state) await updateVersionState(deps.db, backupId, captured.state);
      return getView(notebookId, backupId);
    });
  }

  return {
    rewriteWithBackup,

    /** The notebook's versions, newest first (notebook.read). */
    async list(principal: Principal, notebookId: string): Promise<VersionView[]> {
      await deps.notebooks.access(principal, notebookId, "notebook.read");
      return (await listVersions(deps.db, notebookId)).map(toVersionView);
    },

    /** Takes a named version of the document as it is now (notebook.edit). */
    async create(principal: Principal, notebookId: string, name: string): Promise<VersionView> {
      await requireEditable(principal, notebookId);
      const state = await deps.collab.readDocument(notebookId);
      const id = await insertVersion(deps.db, { notebookId, name, kind: "manual", state, createdBy: principal.user.id });
      return getView(notebookId, id);
    },

    /** Cell-by-cell diff from a version to another version or to "current" (notebook.read). */
    async diff(principal: Principal, notebookId: string, versionId: string, against: string): Promise<DiffView> {
      await deps.notebooks.access(principal, notebookId, "notebook.read");
      const from = await getVersion(notebookId, versionId);
      const to = against === "current" ? null : await getVersion(notebookId, against);
      const toContent = decodeContent(to ? to.state : await deps.collab.readDocument(notebookId));
      const { cells, summary } = diffCells(decodeContent(from.state).cells, toContent.cells);
      return { from: toVersionView(from), to: to ? toVersionView(to) : "current", cells, summary };
    },

    /** Makes the notebook's cells equal a version's, as a new edit (notebook.edit). */
    async restore(principal: Principal, notebookId: string, versionId: string): Promise<RestoreView> {
      await requireEditable(principal, notebookId);
      const version = await getVersion(notebookId, versionId);
      const { cells } = decodeContent(version.state);
      const backup = await rewriteWithBackup(
        notebookId,
        principal.user.id,
        `Before restoring “${shorten(version.name, NAME_IN_BACKUP_MAX)}”`,
        (doc) => writeCells(doc, cells),
      );
      return { restored: toVersionView(version), backup };
    },
  };
}

/**
 * Checks notebook.edit and that the notebook is not in the trash (its
 * connections are closed there, so it takes no edits).
 *
 * @example
 * await requireEditableNotebook(services.notebooks, principal, notebookId);
 */
export async function requireEditableNotebook(notebooks: Notebooks, principal: Principal, notebookId: string): Promise<void> {
  const { listing } = await notebooks.access(principal, notebookId, "notebook.edit");
  if (listing.notebook.trashedAt) throw new AppError("conflict", "the notebook is in the trash; restore it first");
}

/** Cuts a name to `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function toVersionView(row: VersionListing): VersionView {
  return {
    id: row.id as VersionId,
    name: row.name,
    kind: row.kind,
    createdBy: row.author ? toUserSummary(row.author) : null,
    createdAt: row.createdAt.toISOString(),
  };
}

export type Versions = ReturnType<typeof createVersions>;
