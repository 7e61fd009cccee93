/**
 * Learning-rate schedules: the rate an epoch trains with, from the base rate.
 */

export type LearningRateSchedule =
  | { type: "constant" }
  /** Multiplies the rate by `gamma` every `every` epochs. */
  | { type: "step"; every: number; gamma: number }
  /** Multiplies the rate by `gamma` each epoch. */
  | { type: "exponential"; gamma: number }
  /** Cosine from the base rate down to `minLearningRate` (default 0) over the run's epochs. */
  | { type: "cosine"; minLearningRate?: number };

/**
 * The learning rate of `epoch` (0-based) in a run of `epochs` epochs.
 * @example
 * learningRateAt({ type: "step", every: 10, gamma: 0.5 }, 0.1, 25, 30); // 0.025
 */
export function learningRateAt(schedule: LearningRateSchedule, base: number, epoch: number, epochs: number): number {
  switch (schedule.type) {
    case "constant":
      return base;
    case "step":
      return base * schedule.gamma ** Math.floor(epoch / schedule.every);
    case "exponential":
      return base * schedule.gamma ** epoch;
    case "cosine": {
      const min = schedule.minLearningRate ?? 0;
      const progress = epochs <= 1 ? 0 : epoch / (epochs - 1);
      return min + ((base - min) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  }
}
