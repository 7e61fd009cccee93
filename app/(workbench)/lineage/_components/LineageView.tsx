"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { api, errorMessage } from "@/app/_lib/api";
import type { Direction, LineageGraph, NodeKey } from "@/primitives/lineage/graph";
import { GraphCanvas } from "./GraphCanvas";
import { nodeCaption } from "./node-kinds";
import { graphApiPath, lineagePath, nodePageHref, type LineageQuery } from "./lineage-query";

const DIRECTIONS: Array<{ value: Direction; label: string }> = [
  { value: "both", label: "Upstream and downstream" },
  { value: "up", label: "Upstream" },
  { value: "down", label: "Downstream" },
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The lineage graph around one node: direction and depth controls, the graph, and the root's own page. */
export function LineageView(query: LineageQuery) {
  const router = useRouter();
  const [graph, setGraph] = useState<LineageGraph | null>(null);
  const [error, setError] = useState("");
  const [depth, setDepth] = useState(String(query.depth));
  const { kind, id, direction } = query;

  useEffect(() => {
    setDepth(String(query.depth));
    if (!kind || !id) return;
    let live = true;
    setGraph(null);
    setError("");
    api<{ graph: LineageGraph }>("GET", graphApiPath({ kind, id, direction, depth: query.depth })).then(
      (answer) => live && setGraph(answer.graph),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [kind, id, direction, query.depth]);

  const go = (next: Partial<LineageQuery>) => router.push(lineagePath({ ...query, ...next }));
  const pick = (node: NodeKey) => go({ kind: node.kind, id: node.id });

  if (!kind || !id) {
    return (
      <section className="page">
        <h1>Lineage</h1>
        <div className="empty">Open the lineage of a notebook, a dataset or a run from its page.</div>
      </section>
    );
  }

  const root = kind === "notebook" || !graph ? null : (graph.nodes.find((n) => graph.roots.some((r) => r.kind === n.kind && r.id === n.id)) ?? null);
  const page = root ? nodePageHref(root) : kind === "notebook" ? { href: `/notebooks/${id}`, label: "Open the notebook" } : null;

  return (
    <section className="page page-wide">
      <header className="page-header">
        <div>
          <h1>Lineage</h1>
          <p className="muted" data-testid="lineage-root">
            {kind === "notebook" ? "Every job of a notebook" : nodeCaption(kind)}
            {root ? `: ${root.label}` : ""}
            {page && (
              <>
                {" · "}
                <Link href={page.href}>{page.label}</Link>
              </>
            )}
          </p>
        </div>
        <form
          className="lineage-controls"
          onSubmit={(e) => {
            e.preventDefault();
            const wanted = Number.parseInt(depth, 10);
            if (Number.isFinite(wanted)) go({ depth: wanted });
          }}
        >
          <label>
            Direction{" "}
            <select value={direction} onChange={(e) => go({ direction: e.target.value as Direction })} aria-label="Direction">
              {DIRECTIONS.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Depth <input type="number" min={0} max={50} value={depth} onChange={(e) => setDepth(e.target.value)} aria-label="Depth" className="depth-input" />
          </label>
          <button type="submit" className="button">
            Apply
          </button>
        </form>
      </header>
      <Alert>{error}</Alert>
      {graph?.truncated && (
        <div className="alert alert-info" data-testid="lineage-truncated">
          The graph was cut short: it has more nodes than are drawn at once. Lower the depth, or click a node to look around it.
        </div>
      )}
      {graph === null ? (
        !error && <p className="muted">Loading…</p>
      ) : graph.nodes.length === 0 ? (
        <div className="empty" data-testid="lineage-empty">
          No lineage recorded yet{kind === "notebook" ? " for this notebook: run a cell that loads or writes data" : ""}.
        </div>
      ) : (
        <>
          <p className="muted small">
            <span data-testid="lineage-counts">
              {plural(graph.nodes.length, "node")}, {plural(graph.edges.length, "edge")}
            </span>
            . Click a node to centre the graph on it.
          </p>
          <GraphCanvas graph={graph} onPick={pick} />
        </>
      )}
    </section>
  );
}
