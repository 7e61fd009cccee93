import type { HostFunction } from "./sandbox";

/** The longest timer Node can set. */
const MAX_SLEEP_MS = 2 ** 31 - 1;

/** `sleep(ms)`: cells have no timers; this is their only delay. Aborted with the cell. */
export const sleepHostFunction: HostFunction = (args, ctx) => {
  const ms = args[0];
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw new TypeError("sleep(ms): ms must be a finite number >= 0");
  if (ms > MAX_SLEEP_MS) throw new RangeError(`sleep(ms): ms must be at most ${MAX_SLEEP_MS}`);
  return new Promise<void>((resolve, reject) => {
    if (ctx.signal.aborted) return reject(new Error("sleep aborted"));
    const timer = setTimeout(() => {
      ctx.signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(new Error("sleep aborted"));
    }
    ctx.signal.addEventListener("abort", onAbort, { once: true });
  });
};
