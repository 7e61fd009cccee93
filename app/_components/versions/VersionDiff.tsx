"use client";

import { useEffect, useState, type ReactNode } from "react";
import { Alert } from "@/app/_components/Alert";
import { errorMessage } from "@/app/_lib/api";
import { formatDate } from "@/app/_lib/format";
import { diffVersion } from "@/app/_lib/versions";
import type { DiffSummary, DiffView, VersionView } from "@/protocol/versions";
import { CellDiffCard } from "./CellDiffCard";

interface Props {
  notebookId: string;
  version: VersionView;
  /** Changes whenever the notebook was changed from here (a restore), to fetch the diff again. */
  revision: number;
  /** The Restore button, for people who may edit. */
  restore?: ReactNode;
}

function summaryOf(summary: DiffSummary): string {
  const parts = [
    [summary.modified, "changed"],
    [summary.added, "added"],
    [summary.removed, "removed"],
    [summary.moved, "moved"],
    [summary.kindChanged, "type changed"],
  ] as const;
  const text = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return text.length > 0 ? text.join(" · ") : "No differences";
}

/** The cell-by-cell diff from a version to the notebook as it is now; unchanged cells are only counted. */
export function VersionDiff({ notebookId, version, revision, restore }: Props) {
  const [diff, setDiff] = useState<DiffView | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    let live = true;
    setDiff(null);
    setError("");
    diffVersion(notebookId, version.id)
      .then((d) => live && setDiff(d))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [notebookId, version.id, revision]);

  const changed = diff?.cells.filter((cell) => cell.status !== "unchanged") ?? [];
  return (
    <div className="version-diff" data-testid="version-diff">
      <header className="version-diff-header">
        <div>
          <h3 className="version-diff-title">“{version.name}” → now</h3>
          <p className="muted small">
            Saved {formatDate(version.createdAt)} by {version.createdBy?.name ?? "a deleted user"}
            {diff && <> · <span data-testid="diff-summary">{summaryOf(diff.summary)}</span></>}
          </p>
        </div>
        {restore}
      </header>
      <Alert>{error}</Alert>
      {!diff && !error && <p className="muted">Comparing…</p>}
      {diff && changed.length === 0 && <p className="diff-none muted">The notebook is the same as this version.</p>}
      {changed.map((cell) => (
        <CellDiffCard key={`${cell.cellId}:${cell.status}`} cell={cell} />
      ))}
      {diff && diff.summary.unchanged > 0 && changed.length > 0 && (
        <p className="muted small">
          {diff.summary.unchanged} unchanged cell{diff.summary.unchanged === 1 ? "" : "s"} not shown.
        </p>
      )}
    </div>
  );
}
