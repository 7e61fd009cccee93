"use client";

import Link from "next/link";
import { Alert } from "@/app/_components/Alert";
import { formatDate } from "@/app/_lib/format";
import { useApiList } from "@/app/_lib/use-api-list";
import type { ExperimentView } from "@/protocol/experiments";

/** Every experiment with the runs the user may see; a row opens its runs table. */
export function ExperimentsView() {
  const { items: experiments, error } = useApiList<ExperimentView>("/api/experiments", "experiments");
  return (
    <section className="page page-wide">
      <header className="page-header">
        <div>
          <h1>Experiments</h1>
          <p className="muted">Runs logged from notebooks you can read, grouped by experiment.</p>
        </div>
      </header>
      <Alert>{error}</Alert>
      {experiments === null ? (
        !error && <p className="muted">Loading…</p>
      ) : experiments.length === 0 ? (
        <div className="empty" data-testid="experiments-empty">
          No experiments yet. A run logged from a notebook creates its experiment.
        </div>
      ) : (
        <table className="table" data-testid="experiment-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Runs</th>
              <th scope="col">Last run</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {experiments.map((e) => (
              <tr key={e.id} data-testid="experiment-row">
                <td>
                  <Link href={`/experiments/${e.id}`} className="cell-title">
                    {e.name}
                  </Link>
                </td>
                <td>{e.runCount}</td>
                <td className="muted">{formatDate(e.lastRunAt)}</td>
                <td className="muted">{formatDate(e.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
