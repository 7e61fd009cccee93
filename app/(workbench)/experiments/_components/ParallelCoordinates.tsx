"use client";

import { useMemo } from "react";
import { ChartOutput } from "@/app/_components/outputs/ChartOutput";
import { fromWireNumber, type RunDetail } from "@/protocol/experiments";
import { parallelCoordinatesSpec, type Dimension } from "../_lib/charts";
import type { DiffRow } from "../_lib/param-diff";

/** Axes: the params that differ between the runs, then every metric's latest value. */
const MAX_AXES = 12;

export function ParallelCoordinates({ runs, labels, params }: { runs: readonly RunDetail[]; labels: readonly string[]; params: readonly DiffRow[] }) {
  const dimensions = useMemo(() => {
    const metricKeys = [...new Set(runs.flatMap((r) => r.metrics.map((m) => m.key)))].sort();
    const out: Dimension[] = [
      ...params.filter((p) => p.differs).map((p) => ({ label: p.key, values: p.values })),
      ...metricKeys.map((key) => ({
        label: key,
        values: runs.map((r) => {
          const found = r.metrics.find((m) => m.key === key);
          return found ? fromWireNumber(found.value) : null;
        }),
      })),
    ];
    return out.slice(0, MAX_AXES);
  }, [runs, params]);
  const spec = useMemo(() => parallelCoordinatesSpec(labels, dimensions), [labels, dimensions]);
  return (
    <div className="panel" data-testid="parallel-coordinates">
      <div className="panel-heading">
        <h2>Parallel coordinates</h2>
        <span className="muted small">Params that differ, then latest metrics; each axis runs from its lowest to its highest value.</span>
      </div>
      {dimensions.length < 2 ? <p className="muted">At least two differing params or metrics are needed.</p> : <ChartOutput spec={spec} />}
    </div>
  );
}
