import type { CellOutput } from "../../../../protocol/outputs";
import type { EmitFunction } from "./protocol";
import { JSONStringify } from "./intrinsics";
import { errorFromHost } from "./host-calls";

export type OutputEmitter = (output: CellOutput) => void;

/** Sends an output to the host as JSON; a refusal (limits) becomes an Error in the cell. */
export function createEmitter(hostEmit: EmitFunction): OutputEmitter {
  return (output) => {
    const refusal = hostEmit(JSONStringify(output));
    if (refusal !== null) throw errorFromHost(refusal);
  };
}
