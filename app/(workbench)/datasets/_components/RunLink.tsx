import Link from "next/link";
import { formatDate } from "@/app/_lib/format";
import type { LineageRunView } from "@/protocol/datasets";
import { lineagePath } from "../../lineage/_components/lineage-query";

/** A run as one line: its cell (or job), status and time, linking to its lineage and its notebook. */
export function RunLink({ run }: { run: LineageRunView }) {
  const name = run.job.cellId ? `cell ${run.job.cellId}` : run.job.name;
  return (
    <span className="run-link" data-testid="run-link">
      <Link href={lineagePath({ kind: "run", id: run.id })} title={`run ${run.id}`}>
        {name}
      </Link>{" "}
      <span className={`badge run-status run-status-${run.status}`}>{run.status}</span>{" "}
      <span className="muted small">{formatDate(run.endedAt ?? run.startedAt)}</span>
      {run.job.notebookId && (
        <>
          {" · "}
          <Link href={`/notebooks/${run.job.notebookId}`} className="small">
            notebook
          </Link>
        </>
      )}
    </span>
  );
}
