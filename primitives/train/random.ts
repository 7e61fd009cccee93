/**
 * Seeded randomness for everything training draws: initial weights, the
 * shuffle order of each epoch, dropout masks, validation splits, folds and
 * search samples. One seed fixes all of them, so a run repeats exactly on
 * the same backend. Alea (seedrandom) is fast, seedable from any string and
 * the generator tfjs itself uses for its seeded ops.
 */
import { randomInt } from "node:crypto";
import seedrandom from "seedrandom";

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** A fresh 31-bit seed for a derived generator or a seeded tfjs op. */
  seed(): number;
}

/**
 * A generator fixed by `seed`.
 * @example
 * const rng = createRandom(42);
 * rng.next(); // the same number on every run
 */
export function createRandom(seed: number | string): Random {
  const alea = seedrandom.alea(String(seed));
  return {
    next: () => alea(),
    int: (maxExclusive) => Math.floor(alea() * maxExclusive),
    seed: () => (alea.int32() >>> 1),
  };
}

/**
 * A seed for runs that did not ask for one; it is recorded with the run so
 * the run can still be repeated.
 * @example
 * const seed = options.seed ?? pickSeed();
 */
export function pickSeed(): number {
  return randomInt(0, 2 ** 31 - 1);
}

/**
 * The numbers 0..n-1 in a random order (Fisher-Yates).
 * @example
 * permutation(5, createRandom(1)); // e.g. Int32Array [3, 0, 4, 1, 2]
 */
export function permutation(n: number, random: Random): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, random);
  return order;
}

/**
 * Shuffles an array or typed array in place (Fisher-Yates).
 * @example
 * shuffleInPlace(rows, createRandom(7));
 */
export function shuffleInPlace<T>(items: { length: number; [index: number]: T }, random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
}
