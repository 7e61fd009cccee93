import * as tf from "@tensorflow/tfjs";
import { accuracy } from "../primitives/evaluate/accuracy";
import { predict } from "../primitives/models/predict";
import { ensureBackend } from "../primitives/train/backend";
import { trainModel } from "../primitives/train/fit";
import { makeScratchDir, readClassificationCsv, writeClassificationCsvs, FEATURES, TEST_ROWS, TRAIN_ROWS, type ClassificationRows } from "./ml-fixture";
import { median, printRatio } from "./stats";

/**
 * What our training wrapper (trainModel: option checks, label encoding, the
 * seeded loop, per-epoch metrics on the training rows, best checkpoint,
 * tracking hooks) costs over bare TensorFlow.js on the same backend. On the
 * wasm and cpu backends trainModel's steps run on its own WebAssembly
 * kernels (primitives/train/host-trainer.ts), not tfjs ops, so there the
 * ratio is mostly that engine against tfjs's. The same MLP (20 inputs, 64 relu, 2 softmax outputs; adam 0.001,
 * 5 epochs, batch 256, shuffled) as a compiled `tf.sequential` fitted with
 * `model.fit`, on the same rows. Timed from plain arrays to a trained model
 * on both sides (tensor creation included in the anchor). Alternating
 * rounds, median. Goal: 1.1x.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EPOCHS = 5;
const BATCH = 256;
const HIDDEN = 64;
const LEARNING_RATE = 0.001;
const SEED = 7;

interface SideRound {
  ms: number;
  accuracy: number;
}

async function fitBareTfjs(train: ClassificationRows, test: ClassificationRows): Promise<SideRound> {
  const started = performance.now();
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [FEATURES], units: HIDDEN, activation: "relu" }),
      tf.layers.dense({ units: 2, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  const xs = tf.tensor2d(train.x);
  const ys = tf.tensor2d(train.y, [train.y.length, 1]);
  try {
    await model.fit(xs, ys, { epochs: EPOCHS, batchSize: BATCH, shuffle: true, verbose: 0 });
  } finally {
    tf.dispose([xs, ys]);
  }
  const ms = performance.now() - started;
  const predicted = tf.tidy(() => tf.argMax(model.predict(tf.tensor2d(test.x), { batchSize: 8192 }) as tf.Tensor2D, 1));
  const labels = Array.from(await predicted.data());
  predicted.dispose();
  model.dispose();
  return { ms, accuracy: accuracy(test.y, labels).value };
}

async function fitOurs(train: ClassificationRows, test: ClassificationRows): Promise<SideRound> {
  const options = { hidden: [HIDDEN], activation: "relu", epochs: EPOCHS, batchSize: BATCH, optimizer: "adam", learningRate: LEARNING_RATE, seed: SEED };
  const started = performance.now();
  const { model } = await trainModel({ kind: "mlpClassifier", data: { x: train.x, y: train.y }, options });
  const ms = performance.now() - started;
  const { labels } = await predict(model, { x: test.x });
  return { ms, accuracy: accuracy(test.y, labels as number[]).value };
}

export async function benchTrainWrapper(): Promise<void> {
  const backend = await ensureBackend();
  console.log(`train-wrapper: mlpClassifier [${HIDDEN}], ${TRAIN_ROWS} rows x ${FEATURES} features, ${EPOCHS} epochs, batch ${BATCH}, adam ${LEARNING_RATE}`);
  console.log(`backend ${backend.backend} (${backend.device}) on both sides; ${ROUNDS} alternating rounds, median`);
  const scratch = makeScratchDir("wrapper");
  try {
    const paths = writeClassificationCsvs(scratch.dir);
    const train = readClassificationCsv(paths.train);
    const test = readClassificationCsv(paths.test);
    // One untimed fit each on a slice first: tfjs compiles its kernels and builds the layers' graph on first use.
    const warmup = { x: train.x.slice(0, 2 * BATCH), y: train.y.slice(0, 2 * BATCH) };
    await fitBareTfjs(warmup, test);
    await fitOurs(warmup, test);
    const bare: SideRound[] = [];
    const ours: SideRound[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(await fitBareTfjs(train, test));
      ours.push(await fitOurs(train, test));
    }
    const anchor = median(bare.map((r) => r.ms));
    printRatio("tf.sequential + model.fit (anchor)", anchor, anchor);
    printRatio("trainModel mlpClassifier (goal <= 1.1x)", median(ours.map((r) => r.ms)), anchor);
    // The bare model draws its initial weights unseeded, so its accuracy varies by round: the median is shown.
    console.log(`  test accuracy (${TEST_ROWS} rows): ours ${median(ours.map((r) => r.accuracy)).toFixed(4)}, bare tfjs ${median(bare.map((r) => r.accuracy)).toFixed(4)}`);
    console.log(`  rounds (ms): bare tfjs ${bare.map((r) => r.ms.toFixed(0)).join(" ")}; ours ${ours.map((r) => r.ms.toFixed(0)).join(" ")}`);
  } finally {
    scratch.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTrainWrapper();
