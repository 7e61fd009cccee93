/**
 * The cell side of the generic bridge: each host function becomes an async
 * function of the isolate. Arguments are copied out here (copy-out.ts); the
 * host answers later through `settleCall` with a copied value or an error's
 * name and message, which become a fresh Error of this isolate.
 */
import type { CallFunction, HostCallSettlement, HostErrorInfo } from "./protocol";
import {
  ArrayPush,
  ErrorCtor,
  MapCtor,
  MapDelete,
  MapGet,
  MapSet,
  ObjectCreate,
  ObjectFreeze,
  PromiseCtor,
  StringCtor,
  defineValue,
} from "./intrinsics";
import { copyForHost } from "./copy-out";

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface HostCaller {
  call(name: string, args: readonly unknown[]): Promise<unknown>;
  settle(callId: number, settlement: HostCallSettlement): void;
}

/** Builds an isolate Error carrying only the host error's name and message. */
export function errorFromHost(info: HostErrorInfo): Error {
  const error = new ErrorCtor(StringCtor(info.message));
  defineValue(error, "name", StringCtor(info.name), false);
  return error;
}

export function createHostCaller(hostCall: CallFunction): HostCaller {
  const pending = new MapCtor<number, PendingCall>();
  let nextId = 1;
  return {
    call(name, args) {
      const copied: unknown[] = [];
      for (let i = 0; i < args.length; i++) ArrayPush(copied, copyForHost(args[i], name, `argument ${i}`));
      const callId = nextId++;
      return new PromiseCtor<unknown>((resolve, reject) => {
        MapSet(pending, callId, { resolve, reject });
        const refusal = hostCall(callId, name, copied);
        if (refusal !== null) {
          MapDelete(pending, callId);
          reject(errorFromHost(refusal));
        }
      });
    },
    settle(callId, settlement) {
      const entry = MapGet(pending, callId) as PendingCall | undefined;
      if (!entry) return;
      MapDelete(pending, callId);
      if (settlement.ok) entry.resolve(settlement.value);
      else entry.reject(errorFromHost(settlement));
    },
  };
}

/**
 * Installs host functions as frozen globals: "sleep" becomes `sleep`,
 * "data.load" becomes `data.load` on a frozen `data` namespace.
 */
export function installHostFunctions(target: object, names: readonly string[], caller: HostCaller): string[] {
  const roots = ObjectCreate(null) as Record<string, Record<string, unknown> | ((...args: unknown[]) => Promise<unknown>)>;
  const rootNames: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const parts = name.split(".");
    const fn = makeHostFunction(name, parts[parts.length - 1] as string, caller);
    if (parts.length === 1) {
      roots[name] = fn;
      ArrayPush(rootNames, name);
      continue;
    }
    let holder = roots[parts[0] as string] as Record<string, unknown> | undefined;
    if (!holder) {
      holder = ObjectCreate(null) as Record<string, unknown>;
      roots[parts[0] as string] = holder;
      ArrayPush(rootNames, parts[0] as string);
    }
    for (let p = 1; p < parts.length - 1; p++) {
      const part = parts[p] as string;
      holder[part] ??= ObjectCreate(null) as Record<string, unknown>;
      holder = holder[part] as Record<string, unknown>;
    }
    holder[parts[parts.length - 1] as string] = fn;
  }
  for (let i = 0; i < rootNames.length; i++) {
    const root = rootNames[i] as string;
    const value = roots[root];
    defineGlobal(target, root, typeof value === "function" ? value : deepFreeze(value as object));
  }
  return rootNames;
}

function makeHostFunction(fullName: string, shortName: string, caller: HostCaller) {
  const fn = (...args: unknown[]) => caller.call(fullName, args);
  defineValue(fn, "name", shortName, false);
  return ObjectFreeze(fn);
}

export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  ObjectFreeze(value);
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) deepFreeze((value as Record<string, unknown>)[keys[i] as string]);
  return value;
}

/** A global a cell can read but neither reassign nor delete. */
export function defineGlobal(target: object, name: string, value: unknown): void {
  const descriptor = ObjectCreate(null) as PropertyDescriptor;
  descriptor.value = value;
  descriptor.writable = false;
  descriptor.enumerable = false;
  descriptor.configurable = false;
  Object.defineProperty(target, name, descriptor);
}
