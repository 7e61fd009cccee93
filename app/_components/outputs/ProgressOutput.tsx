"use client";

import type { CellOutput } from "@/protocol/outputs";

type Progress = Extract<CellOutput, { type: "progress" }>;

/** A progress bar; the kernel replaces the output with the same id, so it moves in place. */
export function ProgressOutput({ progress }: { progress: Progress }) {
  const { label, value, total, done } = progress;
  const known = total !== null && total > 0;
  const percent = known ? Math.min(100, Math.max(0, Math.round((value / total) * 100))) : null;
  return (
    <div className={done ? "output-progress done" : "output-progress"} data-testid="output-progress" data-done={done}>
      <span className="output-progress-label">{label}</span>
      <progress max={known ? total : undefined} value={known ? Math.min(value, total) : done ? 1 : undefined} aria-label={label} />
      <span className="output-progress-count muted small">
        {known ? `${value} / ${total} (${percent}%)` : value}
        {done ? " · done" : ""}
      </span>
    </div>
  );
}
