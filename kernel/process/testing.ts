import { HandleTable } from "./sandbox/handles";
import type { KernelCallContext } from "./host";
import { createLineageProducer } from "./lineage";
import { ServerRequestError, type ServerChannel } from "./server-channel";
import type { CellOutput } from "../../protocol/outputs";
import type { LineageEventInput } from "../../primitives/lineage/event";

/**
 * A host function's call context for unit tests of host modules: a real
 * handle table and lineage producer, outputs collected, and a server channel
 * that answers only what the test provides.
 *
 * @example
 * const { ctx, outputs } = createTestCallContext();
 * await module.functions.fit!([definition, data], ctx);
 */
export function createTestCallContext(options: {
  cellId?: string;
  notebookId?: string;
  handles?: HandleTable;
  signal?: AbortSignal;
  server?: Partial<ServerChannel>;
  /** Receives the lineage events the calls record. */
  onLineage?: (event: LineageEventInput) => void;
} = {}): { ctx: KernelCallContext; outputs: CellOutput[] } {
  const notebookId = options.notebookId ?? "00000000-0000-4000-8000-000000000000";
  const outputs: CellOutput[] = [];
  const server: ServerChannel = {
    emit: options.server?.emit ?? (() => {}),
    request:
      options.server?.request ??
      (async (service, method) => {
        throw new ServerRequestError("unknown_service", `this test offers no ${service}.${method}`);
      }),
  };
  const ctx: KernelCallContext = {
    cellId: options.cellId ?? "c1",
    signal: options.signal ?? new AbortController().signal,
    handles: options.handles ?? new HandleTable(),
    emit: (output) => void outputs.push(output),
    kernel: { notebookId, server, lineage: createLineageProducer({ notebookId, emit: options.onLineage ?? (() => {}) }) },
  };
  return { ctx, outputs };
}
