/**
 * Notebooks as records: create, list, rename, share, trash, restore, delete.
 * Public entry of `notebooks/`. The document content lives in `collab/`.
 */
import type { MemberView, NotebookView } from "../protocol/api";
import { AppError } from "../protocol/errors";
import type { NotebookRole } from "../protocol/roles";
import type { Database } from "../db/client";
import {
  countOwners,
  deleteMember,
  deleteNotebook,
  findMember,
  findNotebook,
  insertNotebook,
  listMembers,
  listNotebooks,
  listNotebookRoles,
  setNotebookOwner,
  updateNotebook,
  upsertMember,
  type NotebookListing,
} from "../db/queries/notebooks";
import type { Executor } from "../db/queries/executor";
import { findUserById } from "../db/queries/users";
import { canDoNotebook, canDoWorkspace, effectiveNotebookRole, requireNotebook, requireWorkspace } from "../auth/index";
import type { NotebookAction, Principal } from "../auth/index";
import { toMemberView, toNotebookView } from "./views";

/** Told when someone's access to a notebook changes, so live connections can follow. */
export type AccessChange = { notebookId: string; userId: string | null; reason: "revoked" | "granted" | "trashed" | "deleted" };

export interface NotebookDeps {
  db: Database;
  onAccessChange?: (change: AccessChange) => void;
}

export interface NotebookAccess {
  listing: NotebookListing;
  role: NotebookRole;
}

export function createNotebooks(deps: NotebookDeps) {
  const notify = (change: AccessChange) => deps.onAccessChange?.(change);

  async function access(db: Executor, principal: Principal, notebookId: string, action: NotebookAction) {
    const listing = await findNotebook(db, notebookId, principal.user.id);
    if (!listing) throw new AppError("not_found", "notebook not found");
    const role = requireNotebook(principal, listing.role, action);
    return { listing, role };
  }

  function requireLive(listing: NotebookListing) {
    if (listing.notebook.trashedAt) throw new AppError("conflict", "the notebook is in the trash; restore it first");
  }

  async function view(db: Executor, principal: Principal, notebookId: string): Promise<NotebookView> {
    const { listing, role } = await access(db, principal, notebookId, "notebook.read");
    return toNotebookView(listing, role);
  }

  return {
    /** Checks an action on a notebook and returns the caller's effective role (404/403 otherwise). */
    access: (principal: Principal, notebookId: string, action: NotebookAction): Promise<NotebookAccess> =>
      access(deps.db, principal, notebookId, action),

    can: canDoNotebook,

    /** Ids of every notebook (live or trashed) on which the policy lets the principal do `action`. */
    async allowedIds(principal: Principal, action: NotebookAction): Promise<string[]> {
      const rows = await listNotebookRoles(deps.db, principal.user.id, { all: canDoWorkspace(principal, "notebooks.list-all") });
      return rows.filter((row) => canDoNotebook(effectiveNotebookRole(principal, row.role), action)).map((row) => row.id);
    },

    async list(principal: Principal, options: { trashed: boolean; all: boolean }): Promise<NotebookView[]> {
      if (options.all) requireWorkspace(principal, "notebooks.list-all");
      const rows = await listNotebooks(deps.db, principal.user.id, options);
      return rows.map((row) => toNotebookView(row, effectiveNotebookRole(principal, row.role) ?? "viewer"));
    },

    async create(principal: Principal, name: string): Promise<NotebookView> {
      requireWorkspace(principal, "notebooks.create");
      return deps.db.transaction(async (tx) => {
        const row = await insertNotebook(tx, { name, ownerId: principal.user.id });
        return view(tx, principal, row.id);
      });
    },

    get: (principal: Principal, notebookId: string) => view(deps.db, principal, notebookId),

    async rename(principal: Principal, notebookId: string, name: string): Promise<NotebookView> {
      const { listing } = await access(deps.db, principal, notebookId, "notebook.rename");
      requireLive(listing);
      await updateNotebook(deps.db, notebookId, { name });
      return view(deps.db, principal, notebookId);
    },

    async trash(principal: Principal, notebookId: string): Promise<NotebookView> {
      await access(deps.db, principal, notebookId, "notebook.trash");
      await updateNotebook(deps.db, notebookId, { trashedAt: new Date() });
      notify({ notebookId, userId: null, reason: "trashed" });
      return view(deps.db, principal, notebookId);
    },

    async restore(principal: Principal, notebookId: string): Promise<NotebookView> {
      await access(deps.db, principal, notebookId, "notebook.trash");
      await updateNotebook(deps.db, notebookId, { trashedAt: null });
      return view(deps.db, principal, notebookId);
    },

    /** Deletes a notebook for good; it must be in the trash first, so one click cannot lose work. */
    async remove(principal: Principal, notebookId: string): Promise<void> {
      const { listing } = await access(deps.db, principal, notebookId, "notebook.delete");
      if (!listing.notebook.trashedAt) throw new AppError("conflict", "move the notebook to the trash before deleting it");
      await deleteNotebook(deps.db, notebookId);
      notify({ notebookId, userId: null, reason: "deleted" });
    },

    async members(principal: Principal, notebookId: string): Promise<MemberView[]> {
      await access(deps.db, principal, notebookId, "notebook.read");
      return (await listMembers(deps.db, notebookId)).map((r) => toMemberView(r.member, r.user));
    },

    /** Grants or changes a role. A notebook always keeps at least one owner. */
    async grant(principal: Principal, notebookId: string, userId: string, role: NotebookRole): Promise<MemberView> {
      const result = await deps.db.transaction(async (tx) => {
        const { listing } = await access(tx, principal, notebookId, "notebook.share");
        requireLive(listing);
        const user = await findUserById(tx, userId);
        if (!user || user.disabled) throw new AppError("not_found", "user not found");
        const previous = await findMember(tx, notebookId, userId);
        if (previous?.role === "owner" && role !== "owner" && (await countOwners(tx, notebookId)) <= 1) {
          throw new AppError("conflict", "a notebook needs at least one owner");
        }
        const member = await upsertMember(tx, { notebookId, userId, role, grantedBy: principal.user.id });
        if (previous?.role === "owner" && role !== "owner" && listing.notebook.ownerId === userId) {
          await reassignOwner(tx, notebookId);
        }
        return toMemberView(member, user);
      });
      notify({ notebookId, userId, reason: "granted" });
      return result;
    },

    async revoke(principal: Principal, notebookId: string, userId: string): Promise<void> {
      await deps.db.transaction(async (tx) => {
        const { listing } = await access(tx, principal, notebookId, "notebook.share");
        const member = await findMember(tx, notebookId, userId);
        if (!member) throw new AppError("not_found", "that user has no role on this notebook");
        if (member.role === "owner" && (await countOwners(tx, notebookId)) <= 1) {
          throw new AppError("conflict", "a notebook needs at least one owner");
        }
        await deleteMember(tx, notebookId, userId);
        if (listing.notebook.ownerId === userId) await reassignOwner(tx, notebookId);
      });
      notify({ notebookId, userId, reason: "revoked" });
    },
  };
}

/** The listed owner follows the longest-standing remaining owner. */
async function reassignOwner(tx: Executor, notebookId: string): Promise<void> {
  const owners = (await listMembers(tx, notebookId))
    .filter((r) => r.member.role === "owner")
    .sort((a, b) => a.member.grantedAt.getTime() - b.member.grantedAt.getTime());
  if (owners[0]) await setNotebookOwner(tx, notebookId, owners[0].user.id);
}

export type Notebooks = ReturnType<typeof createNotebooks>;
