"use client";

import Link from "next/link";
import { RoleBadge } from "@/app/_components/RoleBadge";
import { formatDate } from "@/app/_lib/format";
import { offers } from "@/app/_lib/notebook-permissions";
import type { NotebookView } from "@/protocol/api";
import { TableHead } from "../../../_components/TableHead";

export type RowAction = "share" | "rename" | "trash" | "restore" | "delete";

interface NotebookTableProps {
  notebooks: NotebookView[];
  trashed: boolean;
  onAction: (action: RowAction, notebook: NotebookView) => void;
}

const LIVE_ACTIONS: Array<{ action: RowAction; label: string; allowed: (n: NotebookView) => boolean }> = [
  { action: "share", label: "Share", allowed: (n) => offers(n.myRole, "share") },
  { action: "rename", label: "Rename", allowed: (n) => offers(n.myRole, "rename") },
  { action: "trash", label: "Move to trash", allowed: (n) => offers(n.myRole, "trash") },
];

const TRASH_ACTIONS: typeof LIVE_ACTIONS = [
  { action: "restore", label: "Restore", allowed: (n) => offers(n.myRole, "trash") },
  { action: "delete", label: "Delete forever", allowed: (n) => offers(n.myRole, "delete") },
];

export function NotebookTable({ notebooks, trashed, onAction }: NotebookTableProps) {
  const actions = trashed ? TRASH_ACTIONS : LIVE_ACTIONS;
  return (
    <table className="table" data-testid="notebook-table">
      <TableHead columns={["Name", "Owner", trashed ? "Trashed" : "Updated", "My role"]} />
      <tbody>
        {notebooks.map((n) => (
          <tr key={n.id} data-testid="notebook-row" data-notebook-id={n.id}>
            <td>
              {trashed ? (
                <span className="cell-title">{n.name}</span>
              ) : (
                <Link href={`/notebooks/${n.id}`} className="cell-title">
                  {n.name}
                </Link>
              )}
            </td>
            <td>{n.owner.name}</td>
            <td className="muted">{formatDate(trashed ? n.trashedAt : n.updatedAt)}</td>
            <td data-testid="notebook-role">
              <RoleBadge role={n.myRole} />
            </td>
            <td className="cell-actions">
              {actions
                .filter((a) => a.allowed(n))
                .map((a) => (
                  <button
                    key={a.action}
                    type="button"
                    className={a.action === "delete" ? "button button-small button-danger-quiet" : "button button-small"}
                    aria-label={`${a.label} ${n.name}`}
                    onClick={() => onAction(a.action, n)}
                  >
                    {a.label}
                  </button>
                ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
