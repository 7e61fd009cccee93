"use client";

import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { metaOf } from "@/collab/doc";
import type { RunMode } from "@/protocol/outputs";

/** A notebook that never chose a mode re-runs dependents. */
export const DEFAULT_RUN_MODE: RunMode = "autorun";

function readRunMode(doc: Y.Doc): RunMode {
  const mode = metaOf(doc).get("runMode");
  return mode === "lazy" || mode === "autorun" ? mode : DEFAULT_RUN_MODE;
}

/**
 * The notebook's run mode from the document's meta map, live: a change by
 * anyone shows everywhere at once.
 *
 * @example
 * const runMode = useRunMode(doc);
 */
export function useRunMode(doc: Y.Doc): RunMode {
  const [mode, setMode] = useState(() => readRunMode(doc));
  useEffect(() => {
    const meta = metaOf(doc);
    const refresh = () => setMode(readRunMode(doc));
    refresh();
    meta.observe(refresh);
    return () => meta.unobserve(refresh);
  }, [doc]);
  return mode;
}
