"use client";

import { useEffect, useState } from "react";
import type { ExecutionState } from "@/protocol/outputs";
import { runSummary, statusText } from "./execution-state";

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const formatTime = (epochMs: number) => clock.format(new Date(epochMs));

/** Now, refreshed every second while `ticking` (the time a running cell has taken so far). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

/**
 * Under a code cell: its run status (queued, running, done, failed), who
 * ran it, when and for how long, and whether its outputs are stale. The
 * same for everyone: it is read from the shared document.
 */
export function CellExecution({ state }: { state: ExecutionState }) {
  const now = useNow(state.status === "running");
  const word = statusText(state);
  const summary = runSummary(state, now, formatTime);
  if (!word && !summary && !state.stale) return null;
  return (
    <div className={`cell-execution exec-${state.status}`} data-testid="cell-status" data-status={state.status} data-stale={state.stale}>
      {word && (
        <span className="exec-status">
          <span className="exec-icon" aria-hidden="true" />
          {word}
        </span>
      )}
      {summary && <span className="exec-summary muted">{summary}</span>}
      {state.stale && (
        <span className="exec-stale" data-testid="cell-stale" title="An input of this cell changed since it last ran; its outputs may be out of date.">
          stale
        </span>
      )}
    </div>
  );
}
