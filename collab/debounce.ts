/**
 * Runs `fn` once things go quiet: `waitMs` after the last `trigger`, or
 * `maxWaitMs` after the first unserved one, whichever comes first (lodash's
 * debounce with maxWait). Timers are unref'd: a pending call never keeps the
 * process alive.
 */
export interface Debounced {
  trigger(): void;
  cancel(): void;
}

export interface DebounceOptions {
  waitMs: number;
  maxWaitMs: number;
  /** Injected for tests. */
  now?: () => number;
}

/**
 * @example
 * const saved = debounce(() => announce(), { waitMs: 100, maxWaitMs: 1000 });
 * saved.trigger(); // announce() runs 100 ms after the last trigger, or 1 s after this one
 */
export function debounce(fn: () => void, options: DebounceOptions): Debounced {
  const now = options.now ?? (() => performance.now());
  let timer: NodeJS.Timeout | null = null;
  let firstAt = 0;
  let lastAt = 0;
  const arm = (ms: number) => {
    timer = setTimeout(fire, Math.max(0, ms));
    timer.unref();
  };
  function fire(): void {
    const at = now();
    const quietLeft = lastAt + options.waitMs - at;
    const maxLeft = firstAt + options.maxWaitMs - at;
    if (quietLeft > 0 && maxLeft > 0) {
      arm(Math.min(quietLeft, maxLeft));
      return;
    }
    timer = null;
    fn();
  }
  return {
    trigger() {
      lastAt = now();
      if (timer) return;
      firstAt = lastAt;
      arm(options.waitMs);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
