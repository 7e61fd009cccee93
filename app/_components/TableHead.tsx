import type { ReactNode } from "react";

/**
 * A table's header row: one column header per label, and a last column for
 * row actions that only screen readers name (its buttons say what they do).
 */
export function TableHead({ columns, actions = true }: { columns: ReactNode[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((label, i) => (
          <th key={i} scope="col">
            {label}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
