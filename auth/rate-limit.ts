import { AppError } from "../protocol/errors";

export interface FailureLimiter {
  /** Throws `rate_limited` (with Retry-After) when the key has failed too often. */
  check(key: string): void;
  fail(key: string): void;
  reset(key: string): void;
}

/**
 * Counts failures per key in a fixed window. In memory: the server is one
 * process, and losing the counts on restart only forgives a few attempts.
 */
export function createFailureLimiter(options: {
  max: number;
  windowMs: number;
  now?: () => number;
}): FailureLimiter {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; failures: number }>();

  function current(key: string) {
    const entry = windows.get(key);
    if (entry && now() - entry.start < options.windowMs) return entry;
    if (entry) windows.delete(key);
    return undefined;
  }

  return {
    check(key) {
      const entry = current(key);
      if (entry && entry.failures >= options.max) {
        const retryAfter = Math.ceil((entry.start + options.windowMs - now()) / 1000);
        throw new AppError("rate_limited", `too many failed attempts; try again in ${retryAfter} s`, {
          "retry-after": String(retryAfter),
        });
      }
    },
    fail(key) {
      const entry = current(key);
      if (entry) entry.failures += 1;
      else windows.set(key, { start: now(), failures: 1 });
      if (windows.size > 10_000) {
        for (const k of windows.keys()) if (!current(k)) windows.delete(k);
      }
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
