/**
 * The tfjs optimizers training offers, and changing one's learning rate
 * between epochs without losing its state (Adam's moments, momentum).
 */
import * as tf from "@tensorflow/tfjs";

export type OptimizerName = "sgd" | "momentum" | "adam" | "rmsprop" | "adagrad";

export const OPTIMIZERS: readonly OptimizerName[] = ["sgd", "momentum", "adam", "rmsprop", "adagrad"];

/**
 * A fresh tfjs optimizer (momentum 0.9 for "momentum"; tfjs defaults otherwise).
 * @example
 * const optimizer = createOptimizer("adam", 0.01);
 */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case "sgd":
      return tf.train.sgd(learningRate);
    case "momentum":
      return tf.train.momentum(learningRate, 0.9);
    case "adam":
      return tf.train.adam(learningRate);
    case "rmsprop":
      return tf.train.rmsprop(learningRate);
    case "adagrad":
      return tf.train.adagrad(learningRate);
  }
}

/**
 * Sets the rate the next steps use. SGD and momentum keep it in a scalar
 * tensor (`setLearningRate`); the others read their `learningRate` field on
 * every step, which tfjs declares protected, hence the narrow cast.
 * @example
 * setLearningRate(optimizer, 0.001);
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const target = optimizer as unknown as { learningRate: number; setLearningRate?: (rate: number) => void };
  if (typeof target.setLearningRate === "function") target.setLearningRate(learningRate);
  else target.learningRate = learningRate;
}
