import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { COMMAND_MESSAGE, type CommandReply, type KernelCommand } from "../protocol/kernel";
import { cellsOf, insertCell } from "../collab/doc";
import type { CellOutput, ExecutionState } from "../protocol/outputs";
import { IDLE_EXECUTION } from "../protocol/outputs";
import type { ApiClient } from "./client";
import { waitFor, type DocClient } from "./collab-client";

/** A cell's execution state as a peer sees it in its copy of the document. */
export function executionOf(doc: Y.Doc, cellId: string): ExecutionState {
  const execution = cellsOf(doc).get(cellId)?.get("execution");
  return { ...IDLE_EXECUTION, ...(execution instanceof Y.Map ? (execution.toJSON() as Partial<ExecutionState>) : {}) };
}

export function outputsOf(doc: Y.Doc, cellId: string): CellOutput[] {
  const outputs = cellsOf(doc).get(cellId)?.get("outputs");
  return outputs instanceof Y.Array ? (outputs.toJSON() as CellOutput[]) : [];
}

/** Adds a code cell at the end through a connected client; the server has it once `waitForCell` passes elsewhere. */
export function appendCell(client: DocClient, source: string): string {
  return insertCell(client.doc, Number.MAX_SAFE_INTEGER, { source });
}

/** Waits until the cell finished (done or error) in this peer's copy, for the given run when named. */
export async function waitFinished(client: DocClient, cellId: string, runId?: string, timeoutMs = 30_000): Promise<ExecutionState> {
  await waitFor(
    () => {
      const state = executionOf(client.doc, cellId);
      return (state.status === "done" || state.status === "error") && (runId === undefined || state.runId === runId);
    },
    () => `cell ${cellId} to finish (now ${JSON.stringify(executionOf(client.doc, cellId))} ${JSON.stringify(outputsOf(client.doc, cellId))})`,
    timeoutMs,
  );
  return executionOf(client.doc, cellId);
}

/** Asks the server to run and returns the accepted run. */
export async function run(
  client: ApiClient,
  notebookId: string,
  body: { scope: "cell" | "below"; cellId: string } | { scope: "all" },
): Promise<{ runId: string; cellIds: string[] }> {
  const response = await client.post(`/api/notebooks/${notebookId}/run`, body);
  if (response.status !== 202) throw new Error(`run refused: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The text of a value output, for short assertions. */
export function valueOf(doc: Y.Doc, cellId: string): unknown {
  const value = outputsOf(doc, cellId).find((o) => o.type === "value");
  if (value?.type !== "value") return undefined;
  const preview = value.value;
  return "v" in preview ? preview.v : preview.t;
}

export function streamText(doc: Y.Doc, cellId: string, name: "stdout" | "stderr" = "stdout"): string {
  return outputsOf(doc, cellId)
    .filter((o) => o.type === "stream" && o.name === name)
    .map((o) => (o.type === "stream" ? o.text : ""))
    .join("");
}

/**
 * Sends a kernel command over the client's collaboration socket (a
 * y-websocket message of type COMMAND_MESSAGE) and resolves with the reply.
 * `command` may be a raw string, to send what is not JSON.
 */
export function sendCommand(client: DocClient, command: KernelCommand | string, id = Math.floor(Math.random() * 1e9)): Promise<CommandReply> {
  const handlers = client.provider.messageHandlers as unknown as Array<(e: encoding.Encoder, d: decoding.Decoder) => void>;
  return new Promise((resolve, reject) => {
    const previous = handlers[COMMAND_MESSAGE];
    const timer = setTimeout(() => reject(new Error("no reply to the command")), 20_000);
    handlers[COMMAND_MESSAGE] = (encoder, decoder) => {
      const replyId = decoding.readVarUint(decoder);
      const reply = JSON.parse(decoding.readVarString(decoder)) as CommandReply;
      if (replyId !== id) return previous?.(encoder, decoder);
      clearTimeout(timer);
      handlers[COMMAND_MESSAGE] = previous!;
      resolve(reply);
    };
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, COMMAND_MESSAGE);
    encoding.writeVarUint(encoder, id);
    encoding.writeVarString(encoder, typeof command === "string" ? command : JSON.stringify(command));
    client.provider.ws!.send(encoding.toUint8Array(encoder));
  });
}
