"use client";

import "./outputs.css";
import { updateKey } from "@/protocol/outputs";
import { isCellOutput } from "./output-guard";
import type { OutputContext } from "./output-context";
import { OutputBoundary } from "./OutputBoundary";
import { OutputView } from "./OutputView";

/** Progress bars and live charts keep their element while the kernel replaces them; other outputs only ever append. */
function keysOf(outputs: readonly unknown[]): string[] {
  const seen = new Set<string>();
  return outputs.map((output, index) => {
    const key = (isCellOutput(output) ? updateKey(output) : null) ?? `at:${index}`;
    if (seen.has(key)) return `at:${index}`;
    seen.add(key);
    return key;
  });
}

/**
 * A cell's outputs, in order, from the plain values in the document.
 * Entries this page cannot read are shown as such.
 *
 * @example
 * <OutputList outputs={cell.get("outputs").toArray()} context={context} stale={false} />
 */
export function OutputList({ outputs, context, stale }: { outputs: readonly unknown[]; context: OutputContext; stale: boolean }) {
  if (outputs.length === 0) return null;
  const keys = keysOf(outputs);
  return (
    <div className={stale ? "outputs outputs-stale" : "outputs"} data-testid="cell-outputs">
      {outputs.map((output, index) => (
        <OutputBoundary key={keys[index]} output={output}>
          {isCellOutput(output) ? (
            <OutputView output={output} context={context} />
          ) : (
            <div className="output-unrenderable muted small" data-testid="output-unrenderable">
              This output cannot be shown by this version of Tracebook.
            </div>
          )}
        </OutputBoundary>
      ))}
    </div>
  );
}
