/** Host functions the escape suite's cells attack, and the host state they must not change. */
import type { HostFunction } from "./sandbox";

export const HOST_PATH = process.cwd();

class Model {
  secret = "host-only";
  predict() {
    return 1;
  }
}

export const counters = { merge: 0, secretHost: 0, take: 0 };
let stash: unknown = null;
export const received: unknown[] = [];

/** A naive deep merge, as careless host code might have: the bridge must keep polluting keys from reaching it. */
function naiveMerge(target: Record<string, unknown>, source: Record<string, unknown>) {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (typeof value === "object" && value !== null) {
      target[key] ??= {};
      naiveMerge(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else target[key] = value;
  }
  return target;
}

export const hostFunctions: Record<string, HostFunction> = {
  echo: (args) => args[0],
  fail: () => {
    throw new Error(`host failure in ${HOST_PATH}`);
  },
  merge: (args) => {
    counters.merge++;
    return naiveMerge({}, args[0] as Record<string, unknown>);
  },
  take: (args) => {
    counters.take++;
    received.push(args[0]);
    return Object.keys(args[0] as object);
  },
  secretHost: () => void counters.secretHost++,
  "model.create": () => new Model(),
  "model.use": (args, ctx) => ctx.handles.get<Model>(args[0], "Model").secret.length,
  "store.put": (args) => void (stash = args[0]),
  "store.get": () => stash,
};
