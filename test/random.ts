/**
 * A small seeded generator (mulberry32), so a failing randomized test can be
 * rerun with the seed it printed.
 *
 * @example
 * const random = seededRandom(42);
 * random.int(0, 10); // same sequence for the same seed
 */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number): boolean => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    bytes: (length: number): Uint8Array => Uint8Array.from({ length }, () => Math.floor(next() * 256)),
    text: (length: number, alphabet = "abcdefghijklmnopqrstuvwxyz \n"): string =>
      Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join(""),
  };
}

export type Random = ReturnType<typeof seededRandom>;

/** The seed for a randomized test: TRACEBOOK_TEST_SEED when set, else the given default. */
export function testSeed(fallback: number): number {
  const fromEnv = Number(process.env.TRACEBOOK_TEST_SEED);
  return Number.isFinite(fromEnv) && process.env.TRACEBOOK_TEST_SEED ? fromEnv : fallback;
}
