"use client";

import Link from "next/link";
import { formatDate } from "@/app/_lib/format";
import type { RunSummary } from "@/protocol/experiments";
import { cellValue, formatMetric, type RunColumn } from "../_lib/columns";
import { StatusBadge } from "./StatusBadge";

export interface SortState {
  columnId: string;
  ascending: boolean;
}

interface RunsTableProps {
  runs: readonly RunSummary[];
  columns: readonly RunColumn[];
  sort: SortState | null;
  onSort(column: RunColumn): void;
  selected: readonly string[];
  onToggle(run: RunSummary): void;
}

const ENTITY_HINT = { attributes: "", metrics: "metric", params: "param", tags: "tag" } as const;

/** The runs of a search: sortable headers, one checkbox per run for comparing. */
export function RunsTable({ runs, columns, sort, onSort, selected, onToggle }: RunsTableProps) {
  return (
    <div className="table-scroll">
      <table className="table table-compact runs-table" data-testid="runs-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Select</span>
            </th>
            {columns.map((col) => {
              const active = sort?.columnId === col.id;
              return (
                <th key={col.id} scope="col" aria-sort={active ? (sort.ascending ? "ascending" : "descending") : "none"} data-column={col.id}>
                  <button type="button" className="sort-button" aria-label={`Sort by ${col.orderKey}`} onClick={() => onSort(col)}>
                    {ENTITY_HINT[col.entity] && <span className="column-hint">{ENTITY_HINT[col.entity]}</span>}
                    <span className="column-label">{col.label}</span>
                    <span className="sort-arrow" aria-hidden="true">
                      {active ? (sort.ascending ? "▲" : "▼") : ""}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-testid="run-row" data-run-name={run.name} className={selected.includes(run.id) ? "row-selected" : undefined}>
              <td>
                <input type="checkbox" aria-label={`Select run ${run.name}`} checked={selected.includes(run.id)} onChange={() => onToggle(run)} />
              </td>
              {columns.map((col) => (
                <td key={col.id} data-column={col.id}>
                  <Cell run={run} column={col} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Cell({ run, column }: { run: RunSummary; column: RunColumn }) {
  if (column.entity === "attributes" && column.key === "run_name") {
    return (
      <Link href={`/experiments/runs/${run.id}`} className="cell-title">
        {run.name}
      </Link>
    );
  }
  const value = cellValue(run, column);
  switch (value.kind) {
    case "missing":
      return <span className="muted">—</span>;
    case "status":
      return <StatusBadge status={value.status} />;
    case "number":
      return (
        <span className="numeric" title={String(value.value)}>
          {formatMetric(value.value)}
        </span>
      );
    case "text":
      return column.key === "start_time" ? <span className="muted">{formatDate(value.text)}</span> : <span title={value.text}>{value.text}</span>;
  }
}
