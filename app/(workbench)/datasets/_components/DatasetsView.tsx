"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { formatCount } from "@/app/_components/outputs/units";
import { api, errorMessage } from "@/app/_lib/api";
import { formatDate } from "@/app/_lib/format";
import type { DatasetListView } from "@/protocol/datasets";
import { shortVersion } from "./version-label";

/** Every dataset of the lineage store, with the versions the signed-in user may see; search by name. */
export function DatasetsView() {
  const [search, setSearch] = useState("");
  const [list, setList] = useState<DatasetListView | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    let live = true;
    // Typing waits a moment so each keystroke is not its own request.
    const timer = setTimeout(() => {
      const query = search.trim() ? `?q=${encodeURIComponent(search.trim())}` : "";
      api<DatasetListView>("GET", `/api/datasets${query}`).then(
        (answer) => {
          if (!live) return;
          setList(answer);
          setError("");
        },
        (e: unknown) => live && setError(errorMessage(e)),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [search]);

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Datasets</h1>
          <p className="muted">Every dataset a notebook recorded. Versions show to readers of the notebook that made them.</p>
        </div>
        <input
          type="search"
          className="dataset-search"
          aria-label="Search datasets by name"
          placeholder="Search by name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </header>
      <Alert>{error}</Alert>
      {list === null ? (
        !error && <p className="muted">Loading…</p>
      ) : list.datasets.length === 0 ? (
        <div className="empty" data-testid="datasets-empty">
          {search.trim() ? "No dataset name contains that text." : "No datasets yet. Data a notebook loads or writes is recorded here."}
        </div>
      ) : (
        <table className="table" data-testid="dataset-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col" className="numeric">
                Versions
              </th>
              <th scope="col">Latest version</th>
              <th scope="col" className="numeric">
                Rows
              </th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {list.datasets.map((d) => (
              <tr key={d.id} data-testid="dataset-row">
                <td>
                  <Link href={`/datasets/${d.id}`} className="cell-title">
                    {d.name}
                  </Link>
                  <div className="muted small mono">{d.namespace}</div>
                </td>
                <td>
                  <span className="badge">{d.kind}</span>
                </td>
                <td className="numeric">{formatCount(d.versionCount)}</td>
                <td className="mono">{d.latest ? shortVersion(d.latest.version) : "—"}</td>
                <td className="numeric">{d.latest?.rowCount == null ? "—" : formatCount(d.latest.rowCount)}</td>
                <td className="muted">{formatDate(d.latest?.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list?.truncated && <p className="muted small">Showing the {list.datasets.length} most recently versioned; search to narrow the list.</p>}
    </section>
  );
}
