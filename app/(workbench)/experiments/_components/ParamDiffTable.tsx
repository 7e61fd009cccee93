"use client";

import { useState } from "react";
import type { DiffRow } from "../_lib/param-diff";

/** Params of the compared runs side by side; rows that differ are marked, and can be shown alone. */
export function ParamDiffTable({ labels, rows }: { labels: readonly string[]; rows: readonly DiffRow[] }) {
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const shown = onlyDiffs ? rows.filter((r) => r.differs) : rows;
  const differing = rows.filter((r) => r.differs).length;
  return (
    <div className="panel" data-testid="param-diff">
      <div className="panel-heading">
        <h2>Params</h2>
        <label className="check-label small">
          <input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} />
          Only differences ({differing})
        </label>
      </div>
      {rows.length === 0 ? (
        <p className="muted">None of these runs logged params.</p>
      ) : (
        <div className="table-scroll">
          <table className="table table-compact table-keys">
            <thead>
              <tr>
                <th scope="col">Param</th>
                {labels.map((label) => (
                  <th key={label} scope="col">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.key} data-testid="param-row" data-param={row.key} data-differs={row.differs} className={row.differs ? "row-differs" : undefined}>
                  <th scope="row">{row.key}</th>
                  {row.values.map((value, i) => (
                    <td key={labels[i]}>{value ?? <span className="muted">—</span>}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
