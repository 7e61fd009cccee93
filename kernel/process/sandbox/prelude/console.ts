/** The `console` global: log/info/debug to stdout, warn/error to stderr, streamed as written. */
import type { SandboxLimits } from "../limits";
import type { OutputEmitter } from "./emit";
import { ObjectFreeze } from "./intrinsics";
import { formatArgs } from "./inspect";
import { truncateString } from "./truncate";

export type CellConsole = Pick<Console, "log" | "info" | "debug" | "warn" | "error">;

export function createConsole(emit: OutputEmitter, limits: SandboxLimits): CellConsole {
  const write = (name: "stdout" | "stderr", args: unknown[]) => {
    emit({ type: "stream", name, text: `${truncateString(formatArgs(args), limits.maxStringChars)}\n` });
  };
  const cellConsole: CellConsole = {
    log: (...args: unknown[]) => write("stdout", args),
    info: (...args: unknown[]) => write("stdout", args),
    debug: (...args: unknown[]) => write("stdout", args),
    warn: (...args: unknown[]) => write("stderr", args),
    error: (...args: unknown[]) => write("stderr", args),
  };
  return ObjectFreeze(cellConsole);
}
