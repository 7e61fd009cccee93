"use client";

import { useEffect, useRef, useState } from "react";
import type { Loader } from "vega";

/**
 * Charts render from the bundle and never reach the network: a spec that
 * names a data or image URL fails here instead of making every reader's
 * browser fetch it.
 */
const refuse = async (uri: string): Promise<never> => {
  throw new Error(`charts use inline data only; "${uri}" was not loaded`);
};
const OFFLINE_LOADER: Loader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };

/** A Vega-Lite chart, drawn with vega-embed, which loads on first use; `compact` drops the export menu (small inline charts). */
export function ChartOutput({ spec, compact = false }: { spec: Record<string, unknown>; compact?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let finalize: (() => void) | null = null;
    setError(null);
    (async () => {
      const { default: embed } = await import("vega-embed");
      if (!live || !host.current) return;
      // vega-embed annotates the spec it is given; the document's copy stays as it is.
      const result = await embed(host.current, structuredClone(spec) as Parameters<typeof embed>[1], {
        mode: "vega-lite",
        renderer: "svg",
        loader: OFFLINE_LOADER,
        actions: compact ? false : { export: true, source: false, compiled: false, editor: false },
      });
      if (live) finalize = result.finalize;
      else result.finalize();
    })().catch((e: unknown) => {
      if (live) setError(e instanceof Error ? e.message : String(e));
    });
    return () => {
      live = false;
      finalize?.();
    };
  }, [spec, compact]);

  return (
    <div className={compact ? "output-chart output-chart-compact" : "output-chart"} data-testid="output-chart">
      <div ref={host} />
      {error && <div className="output-chart-error small">The chart could not be drawn: {error}</div>}
    </div>
  );
}
