import type { RunStatus } from "@/protocol/experiments";

/** A run's status (RUNNING, FINISHED, FAILED, KILLED) as a coloured badge. */
export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`badge badge-run-${status.toLowerCase()}`} data-testid="run-status">
      {status}
    </span>
  );
}
