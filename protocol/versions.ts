import { z } from "zod";
import { nameSchema, type UserSummary } from "./api";
import type { Brand } from "./ids";

/** Named snapshots of a notebook document and the diffs between them. */

export type VersionId = Brand<string, "VersionId">;

export const createVersionBody = z.strictObject({ name: nameSchema });

/** `manual`: named by someone; `auto`: taken by the server right before a restore or an import. */
export type VersionKind = "manual" | "auto";

export interface VersionView {
  id: VersionId;
  name: string;
  kind: VersionKind;
  /** null when the author's account was deleted. */
  createdBy: UserSummary | null;
  createdAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The query of a diff: `against` is a version id or "current" (the notebook as it is now). */
export const diffQuery = z.object({
  against: z
    .string()
    .transform((value) => value.toLowerCase())
    .refine((value) => value === "current" || UUID.test(value), 'must be "current" or a version id')
    .default("current"),
});

export type DiffCellKind = "code" | "markdown";

/** What changed about a cell present on both sides. */
export type CellChange = "modified" | "moved" | "kind-changed" | "metadata-changed" | "outputs-changed";

export interface CellDiffView {
  cellId: string;
  /** added: only in `to`; removed: only in `from`; changed: in both, see `changes`. */
  status: "added" | "removed" | "changed" | "unchanged";
  /** Empty unless `status` is "changed"; "modified" means the source text changed. */
  changes: CellChange[];
  kind: { from: DiffCellKind | null; to: DiffCellKind | null };
  /** Visible positions on each side; null where the cell is absent. */
  index: { from: number | null; to: number | null };
  /** Unified line diff of the source (for added, removed and modified cells), else null. */
  patch: string | null;
}

export interface DiffSummary {
  added: number;
  removed: number;
  modified: number;
  moved: number;
  kindChanged: number;
  unchanged: number;
}

export interface DiffView {
  from: VersionView;
  /** "current" when compared with the notebook as it is now. */
  to: VersionView | "current";
  /** In the order of `to`, each removed cell right after the cell it followed in `from`. */
  cells: CellDiffView[];
  summary: DiffSummary;
}

export interface RestoreView {
  /** The version whose cells the notebook now has. */
  restored: VersionView;
  /** The automatic snapshot of the notebook as it was right before. */
  backup: VersionView;
}
