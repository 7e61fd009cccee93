"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/Alert";
import { api, errorMessage } from "@/app/_lib/api";
import type { ExperimentKeys, ExperimentView, RunSearchPage, RunSummary } from "@/protocol/experiments";
import { ATTRIBUTE_COLUMNS, chosenColumns, defaultColumnIds, nextOrder, type RunColumn } from "../_lib/columns";
import { ColumnChooser } from "./ColumnChooser";
import { RunsTable, type SortState } from "./RunsTable";

const PAGE = 100;

/** An experiment's runs: the search box (MLflow's filter language), sortable columns, a column chooser, and run selection for comparing. */
export function RunsView({ experimentId }: { experimentId: string }) {
  const [experiment, setExperiment] = useState<ExperimentView | null>(null);
  const [keys, setKeys] = useState<ExperimentKeys>({ params: [], metrics: [], tags: [] });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [draft, setDraft] = useState("");
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<SortState | null>(null);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [error, setError] = useState("");

  useEffect(() => {
    api<{ experiment: ExperimentView; keys: ExperimentKeys }>("GET", `/api/experiments/${experimentId}`)
      .then((body) => {
        setExperiment(body.experiment);
        setKeys(body.keys);
        setChosen(new Set(defaultColumnIds(body.keys)));
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [experimentId]);

  const columns = useMemo(() => [...ATTRIBUTE_COLUMNS, ...chosenColumns(keys, chosen)], [keys, chosen]);
  const orderKey = useMemo(() => {
    if (!sort) return null;
    const col = [...ATTRIBUTE_COLUMNS, ...chosenColumns(keys, new Set([sort.columnId]))].find((c) => c.id === sort.columnId);
    return col ? `${col.orderKey} ${sort.ascending ? "ASC" : "DESC"}` : null;
  }, [sort, keys]);

  const search = useCallback(
    async (pageToken: string | null) => {
      const query = new URLSearchParams({ filter, maxResults: String(PAGE) });
      if (orderKey) query.append("orderBy", orderKey);
      if (pageToken) query.set("pageToken", pageToken);
      try {
        const page = await api<RunSearchPage>("GET", `/api/experiments/${experimentId}/runs?${query}`);
        setError("");
        setRuns((before) => (pageToken && before ? [...before, ...page.runs] : page.runs));
        setNext(page.nextPageToken);
      } catch (e) {
        setError(errorMessage(e));
      }
    },
    [experimentId, filter, orderKey],
  );

  useEffect(() => {
    void search(null);
  }, [search]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setFilter(draft.trim());
  }

  function toggle(run: RunSummary) {
    setSelected((before) => (before.includes(run.id) ? before.filter((id) => id !== run.id) : [...before, run.id]));
  }

  const compareHref = `/experiments/${experimentId}/compare?runs=${selected.join(",")}`;

  return (
    <section className="page page-wide">
      <header className="page-header">
        <div>
          <p className="breadcrumb">
            <Link href="/experiments">Experiments</Link>
          </p>
          <h1>{experiment?.name ?? "Experiment"}</h1>
          {experiment && <p className="muted">{experiment.runCount === 1 ? "1 run" : `${experiment.runCount} runs`} you can see.</p>}
        </div>
        <div className="page-actions">
          <ColumnChooser keys={keys} chosen={chosen} onChange={setChosen} />
          {selected.length >= 2 ? (
            <Link href={compareHref} className="button button-primary" data-testid="compare-link">
              Compare {selected.length} runs
            </Link>
          ) : (
            <button type="button" className="button" disabled title="Select two or more runs">
              Compare
            </button>
          )}
        </div>
      </header>
      <form className="run-filter" onSubmit={submit} role="search">
        <input
          type="search"
          aria-label="Filter runs"
          placeholder="metrics.accuracy > 0.9 AND params.lr = '0.01'"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          spellCheck={false}
        />
        <button type="submit" className="button">
          Search
        </button>
        {filter && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft("");
              setFilter("");
            }}
          >
            Clear
          </button>
        )}
      </form>
      <Alert>{error}</Alert>
      {runs === null ? (
        !error && <p className="muted">Loading…</p>
      ) : runs.length === 0 ? (
        <div className="empty" data-testid="runs-empty">
          {filter ? "No run matches this filter." : "No runs you can see yet."}
        </div>
      ) : (
        <RunsTable runs={runs} columns={columns} sort={sort} onSort={(col: RunColumn) => setSort(nextOrder(sort, col))} selected={selected} onToggle={toggle} />
      )}
      {next && (
        <button type="button" className="button" onClick={() => void search(next)}>
          Load more runs
        </button>
      )}
    </section>
  );
}
