/** A workspace or notebook role as a small label. */
export function RoleBadge({ role }: { role: string }) {
  return (
    <span className={`badge badge-${role}`} data-testid="role-badge">
      {role}
    </span>
  );
}
