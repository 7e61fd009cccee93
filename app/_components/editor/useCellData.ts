"use client";

import { useEffect, useState } from "react";
import * as Y from "yjs";
import type { ExecutionState } from "@/protocol/outputs";
import { readExecution } from "./execution-state";

const NO_OUTPUTS: readonly unknown[] = [];

/**
 * A value read from the Y type a cell holds under `key`, re-read whenever
 * that type changes (deeply) or the server puts a new one there.
 */
function useCellMember<T>(cell: Y.Map<unknown>, key: string, read: (member: unknown) => T): T {
  const [value, setValue] = useState(() => read(cell.get(key)));
  useEffect(() => {
    let member: Y.AbstractType<unknown> | null = null;
    const refresh = () => setValue(read(cell.get(key)));
    const attach = () => {
      member?.unobserveDeep(refresh);
      const next = cell.get(key);
      member = next instanceof Y.AbstractType ? next : null;
      member?.observeDeep(refresh);
      refresh();
    };
    const onCell = (event: Y.YMapEvent<unknown>) => {
      if (event.keysChanged.has(key)) attach();
    };
    attach();
    cell.observe(onCell);
    return () => {
      cell.unobserve(onCell);
      member?.unobserveDeep(refresh);
    };
  }, [cell, key, read]);
  return value;
}

/** The outputs array's values: the stored objects themselves, so unchanged outputs keep their identity. */
function readOutputs(member: unknown): readonly unknown[] {
  return member instanceof Y.Array ? member.toArray() : NO_OUTPUTS;
}

function readExecutionMember(member: unknown): ExecutionState {
  return readExecution(member instanceof Y.Map ? member.toJSON() : undefined);
}

/**
 * A cell's outputs, live, as the server writes them.
 *
 * @example
 * const outputs = useCellOutputs(entry.cell);
 */
export function useCellOutputs(cell: Y.Map<unknown>): readonly unknown[] {
  return useCellMember(cell, "outputs", readOutputs);
}

/**
 * A cell's execution state, live, as the server writes it.
 *
 * @example
 * const { status, count, stale } = useCellExecution(entry.cell);
 */
export function useCellExecution(cell: Y.Map<unknown>): ExecutionState {
  return useCellMember(cell, "execution", readExecutionMember);
}
