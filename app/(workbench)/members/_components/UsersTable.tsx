"use client";

import { useCurrentUser } from "@/app/_components/SessionContext";
import { formatDate } from "@/app/_lib/format";
import type { UserView } from "@/protocol/api";
import { WORKSPACE_ROLES, type WorkspaceRole } from "@/protocol/roles";
import { TableHead } from "../../../_components/TableHead";

interface UsersTableProps {
  users: UserView[];
  onUpdate: (user: UserView, patch: { role?: WorkspaceRole; disabled?: boolean }) => void;
}

export function UsersTable({ users, onUpdate }: UsersTableProps) {
  const me = useCurrentUser();
  return (
    <table className="table" data-testid="users-table">
      <TableHead columns={["Username", "Name", "Role", "Status", "Joined"]} />
      <tbody>
        {users.map((u) => (
          <tr key={u.id} data-testid="user-row" className={u.disabled ? "row-disabled" : undefined}>
            <td className="mono">{u.username}</td>
            <td>
              {u.name}
              {u.id === me.id && <span className="muted small"> (you)</span>}
            </td>
            <td>
              <select
                aria-label={`Workspace role for ${u.username}`}
                value={u.role}
                onChange={(e) => onUpdate(u, { role: e.target.value as WorkspaceRole })}
              >
                {WORKSPACE_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </td>
            <td>{u.disabled ? <span className="badge badge-disabled">disabled</span> : <span className="badge badge-active">active</span>}</td>
            <td className="muted">{formatDate(u.createdAt)}</td>
            <td className="cell-actions">
              <button
                type="button"
                className={u.disabled ? "button button-small" : "button button-small button-danger-quiet"}
                aria-label={`${u.disabled ? "Enable" : "Disable"} ${u.username}`}
                onClick={() => onUpdate(u, { disabled: !u.disabled })}
              >
                {u.disabled ? "Enable" : "Disable"}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
