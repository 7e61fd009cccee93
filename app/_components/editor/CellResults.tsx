"use client";

import type * as Y from "yjs";
import type { ExecutionState } from "@/protocol/outputs";
import type { OutputContext } from "../outputs/output-context";
import { OutputList } from "../outputs/OutputList";
import { CellExecution } from "./CellExecution";
import { useCellOutputs } from "./useCellData";

/** Under a code cell's editor: its run state, then its outputs, both live from the document. */
export function CellResults({ cell, execution, context }: { cell: Y.Map<unknown>; execution: ExecutionState; context: OutputContext }) {
  const outputs = useCellOutputs(cell);
  return (
    <>
      <CellExecution state={execution} />
      <OutputList outputs={outputs} context={context} stale={execution.stale} />
    </>
  );
}
