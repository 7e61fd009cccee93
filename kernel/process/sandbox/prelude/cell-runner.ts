/**
 * Runs one compiled cell: awaits its function, stores its definitions as
 * globals, and previews its value, all inside the isolate. Resolves to a
 * JSON string (CellResultJson); nothing live goes back to the host.
 */
import type { SandboxLimits } from "../limits";
import type { CellResultJson } from "./protocol";
import {
  JSONStringify,
  MapCtor,
  MapDelete,
  MapHas,
  MapSet,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  ObjectKeys,
  TypeErrorCtor,
  defineValue,
  isError,
} from "./intrinsics";
import { inspect } from "./inspect";
import { dataProperty, previewValue } from "./preview";
import { buildTable, isRecordArray } from "./table";
import { safeString, truncateString } from "./truncate";

export interface CellRunner {
  runCell(fn: unknown, runId: number): Promise<string>;
  cancelRun(runId: number): void;
  forget(names: string[]): void;
}

export function createCellRunner(global: object, reserved: readonly string[], limits: SandboxLimits): CellRunner {
  const cancelled = new MapCtor<number, true>();
  const isReserved = (name: string) => {
    for (let i = 0; i < reserved.length; i++) if (reserved[i] === name) return true;
    return false;
  };

  async function runCell(fn: unknown, runId: number): Promise<string> {
    let result: unknown;
    try {
      if (typeof fn !== "function") return internal("the compiled cell is not a function");
      result = await (fn as () => unknown)();
    } catch (thrown) {
      return stringify(describeThrown(thrown, limits));
    }
    if (MapHas(cancelled, runId)) {
      MapDelete(cancelled, runId);
      return internal("the run was cancelled");
    }
    if (typeof result !== "object" || result === null) return internal("the compiled cell resolved to no result object");
    const defs = dataProperty(result, "defs");
    const names = typeof defs === "object" && defs !== null ? ObjectKeys(defs) : [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (isReserved(name)) {
        return stringify(exception(new TypeErrorCtor(`cannot define "${name}": it is a built-in Tracebook global`), limits));
      }
    }
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const descriptor = ObjectGetOwnPropertyDescriptor(defs as object, name);
      defineValue(global, name, descriptor && "value" in descriptor ? descriptor.value : undefined);
    }
    const hasValue = dataProperty(result, "hasValue") === true;
    const value = dataProperty(result, "value");
    let preview: unknown = null;
    let table: unknown = null;
    try {
      if (hasValue && isRecordArray(value)) table = buildTable(value, {}, limits);
      else if (hasValue) preview = previewValue(value, limits);
    } catch (thrown) {
      preview = { t: "string", v: `[preview failed: ${safeString(describeThrown(thrown, limits).message)}]` };
    }
    const out: CellResultJson = { ok: true, value: preview, table, defs: names };
    return stringify(out);
  }

  return {
    runCell,
    cancelRun(runId) {
      MapSet(cancelled, runId, true);
    },
    forget(names) {
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        if (typeof name !== "string" || isReserved(name)) continue;
        const descriptor = ObjectGetOwnPropertyDescriptor(global, name);
        if (descriptor && descriptor.configurable) delete (global as Record<string, unknown>)[name];
      }
    },
  };
}

function internal(message: string): string {
  const out: CellResultJson = { ok: false, kind: "internal", message };
  return stringify(out);
}

function stringify(value: CellResultJson): string {
  return JSONStringify(value);
}

function exception(error: Error, limits: SandboxLimits): CellResultJson {
  return describeThrown(error, limits);
}

/** Name, message and stack of anything thrown, read without trusting it to behave. */
function describeThrown(thrown: unknown, limits: SandboxLimits): Extract<CellResultJson, { kind: "exception" }> {
  if (isError(thrown)) {
    const name = readInherited(thrown, "name");
    const message = readInherited(thrown, "message");
    const stack = dataProperty(thrown, "stack");
    return {
      ok: false,
      kind: "exception",
      name: truncateString(typeof name === "string" ? name : "Error", limits.maxMessageChars),
      message: truncateString(typeof message === "string" ? message : safeString(message), limits.maxMessageChars),
      stack: truncateString(typeof stack === "string" ? stack : "", limits.maxStackChars),
    };
  }
  const text = typeof thrown === "string" ? thrown : inspectSafely(thrown);
  return {
    ok: false,
    kind: "exception",
    name: "Uncaught",
    message: truncateString(text, limits.maxMessageChars),
    stack: "",
  };
}

function readInherited(target: object, key: string): unknown {
  let current: object | null = target;
  for (let i = 0; current !== null && i < 8; i++) {
    const descriptor = ObjectGetOwnPropertyDescriptor(current, key);
    if (descriptor) return "value" in descriptor ? descriptor.value : undefined;
    current = ObjectGetPrototypeOf(current) as object | null;
  }
  return undefined;
}

function inspectSafely(value: unknown): string {
  try {
    return inspect(value);
  } catch {
    return safeString(value);
  }
}
