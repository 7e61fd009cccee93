/**
 * The full-batch solver of models without hidden layers (linear, logistic,
 * softmax): L-BFGS on the whole training matrix, as scikit-learn's default
 * `lbfgs` solver, starting from zero weights as it does. One iteration is one
 * "epoch" of the history (its metrics on the training and validation rows,
 * its step length as the learning rate), so tracking, the live curves, the
 * best checkpoint, early stopping and interrupts work as in the mini-batch
 * loop. `epochs` bounds the iterations (sklearn's max_iter), `tol` the
 * largest gradient component at convergence (sklearn's tol). The monitored
 * loss is the validation loss when there is validation data, else the
 * objective itself (with L2 and class weights), which every accepted step
 * lowers: the last iteration is the model, as in scikit-learn.
 */
import type { Network } from "../models/network";
import { TrainError } from "./errors";
import { minimizeLbfgs } from "./lbfgs";
import { createLinearObjective, type LinearScores } from "./linear-objective";
import type { EpochLog, LoopData, LoopResult, LoopSettings } from "./loop";
import { primaryMetric } from "./metrics";

export interface FullBatchSettings extends LoopSettings {
  /** Stop when the largest gradient component is at most this (sklearn's tol). */
  tol: number;
}

/**
 * Float32 objectives stop improving measurably at about this relative decrease
 * (sklearn's ftol is 64 float64 epsilons; ours cannot resolve that).
 */
const FTOL = 1e-9;

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function networkAt(initial: Network, theta: Float64Array): Network {
  const [layer] = initial.layers;
  const kernelSize = layer!.inputs * layer!.units;
  return { layers: [{ ...layer!, kernel: Float32Array.from(theta.subarray(0, kernelSize)), bias: Float32Array.from(theta.subarray(kernelSize)) }] };
}

/**
 * Fits `initial`'s single layer (its shape; the weights start at zero) on all of `train` at once.
 * @example
 * const result = await runFullBatch(initNetwork(shape, rng), train, null, { ...settings, tol: 1e-4 });
 */
export async function runFullBatch(initial: Network, train: LoopData, validation: LoopData | null, settings: FullBatchSettings): Promise<LoopResult> {
  if (initial.layers.length !== 1) throw new TrainError("invalid_argument", "the lbfgs solver fits models without hidden layers; use the minibatch solver for MLPs", {});
  if (settings.signal?.aborted) throw new TrainError("interrupted", "training was interrupted before its first epoch finished; there is no checkpoint to keep", {});
  const metric = primaryMetric(settings.task);
  const objective = createLinearObjective(settings.task, settings.classes, train, settings.l2);
  const validating = validation ? createLinearObjective(settings.task, settings.classes, validation, 0) : null;
  const history: EpochLog[] = [];
  let best: { theta: Float64Array; epoch: number; loss: number } | null = null;
  let sinceBest = 0;
  let status: LoopResult["status"] = "completed";

  /** Logs an epoch; false when training should stop (early stopping, an interrupt). */
  const record = async (epoch: number, theta: Float64Array, scores: LinearScores, objectiveValue: number, step: number): Promise<boolean> => {
    const logs: { [name: string]: number } = { loss: scores.loss, [metric]: scores.metric };
    if (validating) {
      const held = validating.score(theta);
      logs.val_loss = held.loss;
      logs[`val_${metric}`] = held.metric;
    }
    const monitored = validating ? logs.val_loss! : objectiveValue;
    if (!Number.isFinite(monitored) || !Number.isFinite(logs.loss)) {
      throw new TrainError("diverged", `the loss became ${logs.loss} at iteration ${epoch}; scale the features`, { epoch, learningRate: step });
    }
    const log = { epoch, learningRate: step, metrics: logs };
    history.push(log);
    if (best === null || monitored < best.loss - (settings.earlyStopping?.minDelta ?? 0)) {
      best = { theta: Float64Array.from(theta), epoch, loss: monitored };
      sinceBest = 0;
    } else {
      sinceBest++;
    }
    settings.onBatch?.(epoch, 1, 1);
    await settings.onEpoch?.(log);
    if (settings.earlyStopping && sinceBest >= settings.earlyStopping.patience) {
      status = "early_stopped";
      return false;
    }
    // One iteration is quick: let an interrupt (and the progress outputs) through before the next.
    await yieldToEvents();
    if (settings.signal?.aborted) {
      status = epoch < settings.epochs ? "interrupted" : "completed";
      return false;
    }
    return true;
  };

  try {
    // The scores of the point evaluated last: the line search's accepted point when an iteration ends.
    let scores: LinearScores = { loss: Number.NaN, metric: Number.NaN };
    const result = await minimizeLbfgs(new Float64Array(objective.parameters), (theta) => {
      const evaluation = objective.evaluate(theta);
      scores = evaluation;
      return evaluation;
    }, {
      maxIter: settings.epochs, gtol: settings.tol, ftol: FTOL,
      onIteration: (iteration, theta, evaluation, step) => record(iteration, theta, scores, evaluation.value, step),
    });
    // Converged at the start (a zero gradient): the starting point is the only epoch.
    if (result.iterations === 0) await record(1, result.theta, scores, result.evaluation.value, 0);
  } finally {
    objective.dispose();
    validating?.dispose();
  }
  const kept = best as { theta: Float64Array; epoch: number } | null;
  if (kept === null) throw new TrainError("interrupted", "training was interrupted before its first epoch finished; there is no checkpoint to keep", {});
  return { network: networkAt(initial, kept.theta), history, bestEpoch: kept.epoch, status };
}
