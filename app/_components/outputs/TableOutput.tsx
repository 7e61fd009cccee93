"use client";

import { useState } from "react";
import type { CellOutput } from "@/protocol/outputs";
import { clampPage, describePage, formatTableValue, isNumericValue, pageCount, pageRows } from "./table-paging";

type Table = Extract<CellOutput, { type: "table" }>;

/** A table output, one page at a time; the page size comes from the output. */
export function TableOutput({ table }: { table: Table }) {
  const [wanted, setPage] = useState(0);
  const { rows, pageSize, columns } = table;
  const page = clampPage(wanted, rows.length, pageSize);
  const pages = pageCount(rows.length, pageSize);
  return (
    <div className="output-table" data-testid="output-table">
      <div className="output-table-scroll">
        <table>
          {table.caption && <caption>{table.caption}</caption>}
          <thead>
            <tr>
              {columns.map((column, i) => (
                <th key={i} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {pageRows(rows, page, pageSize).map((row, r) => (
              <tr key={r}>
                {columns.map((_, c) => {
                  const value = row[c] ?? null;
                  return (
                    <td key={c} className={isNumericValue(value) ? "numeric" : undefined}>
                      {formatTableValue(value)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="output-table-pager small">
        <span className="muted" data-testid="table-page">
          {describePage(page, rows.length, pageSize, table.total)}
        </span>
        {pages > 1 && (
          <span className="output-table-buttons">
            <button type="button" className="button button-small" onClick={() => setPage(page - 1)} disabled={page === 0} aria-label="Previous page">
              ‹ Prev
            </button>
            <span className="muted">
              {page + 1} / {pages}
            </span>
            <button type="button" className="button button-small" onClick={() => setPage(page + 1)} disabled={page >= pages - 1} aria-label="Next page">
              Next ›
            </button>
          </span>
        )}
      </div>
    </div>
  );
}
