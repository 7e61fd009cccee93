/**
 * Training and models in cells: the `train` and `models` globals (host
 * functions of primitives/train and primitives/models). Models, datasets and
 * feature sets stay on the host; cells hold handles. Errors arrive as
 * `TrainError` / `ModelError` with the code first in the message
 * ("single_class: the target has only one class ...").
 *
 * A global script (no imports or exports), loaded with tracebook.d.ts.
 */

/** A handle to a Dataset (rows stay in the kernel's data engine). */
interface TrainDatasetHandle {
  readonly __tbHandle: string;
  readonly kind: string;
}

/** A handle to a fitted FeatureSet. */
interface TrainFeatureSetHandle {
  readonly __tbHandle: string;
  readonly kind: string;
}

/** A handle to a model (trained here, loaded, or imported from ONNX). */
interface ModelHandle {
  readonly __tbHandle: string;
  readonly kind: "Model";
}

/** A class label: what the target column holds. */
type TrainLabel = number | string | boolean;

/**
 * Training data: a Dataset, the output of a fitted FeatureSet (the FeatureSet
 * travels with the model), or feature rows with their targets.
 */
type TrainData =
  | TrainDatasetHandle
  | { dataset: TrainDatasetHandle; featureSet?: TrainFeatureSetHandle | null }
  | { x: ReadonlyArray<ReadonlyArray<number>>; y: ReadonlyArray<TrainLabel> };

type TrainSchedule =
  | { type: "constant" }
  | { type: "step"; every: number; gamma: number }
  | { type: "exponential"; gamma: number }
  | { type: "cosine"; minLearningRate?: number };

/** Options every model kind takes. */
interface TrainCommonOptions {
  /** The column to predict (datasets). */
  target?: string;
  /** Feature columns (datasets); default every column but the target. All numeric, or encoded by a FeatureSet. */
  features?: readonly string[];
  /**
   * L2 penalty on the weights (not biases), added to the mean loss as l2 * sum(w^2). Default 0.
   * scikit-learn's C (LogisticRegression) is l2 = 1 / (2 * C * rows); its alpha (MLP, Ridge on the mean) is l2 = alpha / (2 * rows).
   */
  l2?: number;
  /**
   * "lbfgs": full-batch L-BFGS (models without hidden layers; scikit-learn's default), one epoch per iteration, until tol or epochs.
   * "minibatch": the optimizer on shuffled batches. Default lbfgs for linear, logistic and softmax unless optimizer, learningRate,
   * schedule or batchSize is given; always minibatch for MLPs.
   */
  solver?: "lbfgs" | "minibatch";
  /** lbfgs: stop when the largest gradient component is at most tol (scikit-learn's tol). Default 1e-4. */
  tol?: number;
  /** Minibatch solver. Default "adam". */
  optimizer?: "sgd" | "momentum" | "adam" | "rmsprop" | "adagrad";
  /** Minibatch solver. Default 0.01. */
  learningRate?: number;
  /** Minibatch solver. Default constant. */
  schedule?: TrainSchedule;
  /** Minibatch solver. Default 32. */
  batchSize?: number;
  /** Epochs (minibatch, default 20) or at most this many iterations (lbfgs, default 100: scikit-learn's max_iter). */
  epochs?: number;
  /** Share of the rows held out (seeded) for validation. */
  validationSplit?: number;
  /** Explicit validation data instead of validationSplit. */
  validation?: TrainData;
  /**
   * Held-out test data (single fits): the kept model is scored on it before its run ends; the scores are the
   * result's `testMetrics` and the run's `final.test_*` metrics, and the run logs it as its `test` input.
   */
  test?: TrainData;
  /** Stop after `patience` epochs without improvement of the validation loss (training loss without validation); true = patience 5. The best epoch's weights are kept. */
  earlyStopping?: boolean | { patience: number; minDelta?: number };
  /** Fixes initial weights, shuffling, dropout and the validation split: the same seed repeats the run on the same backend. */
  seed?: number;
  /** The tracked run's name. */
  name?: string;
}

/** Options of classifiers without hidden layers. */
interface TrainClassifierOptions extends TrainCommonOptions {
  /** Per-class loss weights (keyed by the label's text), or "balanced". */
  classWeights?: "balanced" | { readonly [label: string]: number };
}

/** Options of networks with hidden layers. */
interface TrainMlpOptions {
  /** Units per hidden layer; default [32]. */
  hidden?: readonly number[];
  /** Default "relu". */
  activation?: "relu" | "tanh" | "sigmoid";
  /** Dropout rate after each hidden layer, in [0, 1). Default 0. */
  dropout?: number;
}

/** The metrics of one epoch: loss, accuracy or mae, their val_ twins, learning_rate. */
interface TrainEpoch {
  readonly epoch: number;
  readonly learning_rate: number;
  readonly [metric: string]: number;
}

interface TrainResult {
  model: ModelHandle;
  /** "interrupted": stopped by an interrupt; the model is the best checkpoint so far. */
  status: "completed" | "early_stopped" | "interrupted";
  /** The epoch whose weights the model has. */
  bestEpoch: number;
  /** That epoch's metrics. */
  metrics: { readonly [metric: string]: number };
  history: TrainEpoch[];
  seed: number;
  /** The TensorFlow.js backend ("wasm", "tensorflow", "cpu") and device the run used. */
  backend: string;
  device: string;
  /** The experiment run (in experiment "Default"); its `model` artifact is this model, its inputs the data it read. */
  runId: string | null;
  /** Artifact id of the saved model (`models.load(artifactId)` brings it back); null when no artifact store is wired in. */
  artifactId: string | null;
  /** Artifact id of the saved checkpoint of an interrupted run. */
  checkpoint: string | null;
  /** The model's metrics on `options.test` (`test_loss`, `test_accuracy` or `test_mae`, …); null without test data. */
  testMetrics: { readonly [metric: string]: number } | null;
}

type TrainModelKind = "linearRegression" | "logisticRegression" | "softmaxClassifier" | "mlpClassifier" | "mlpRegressor";

type TrainMetric = "loss" | "mse" | "mae" | "r2" | "accuracy";

interface TrainCrossValidation {
  folds: Array<{ fold: number; metrics: { readonly [metric: string]: number }; runId: string | null }>;
  mean: { readonly [metric: string]: number };
  std: { readonly [metric: string]: number };
  status: "completed" | "interrupted";
  runId: string | null;
}

/** One option's values: a list (grid, or picked uniformly) or a distribution (random search). */
type TrainSearchRange =
  | ReadonlyArray<unknown>
  | { type: "uniform"; min: number; max: number }
  | { type: "logUniform"; min: number; max: number }
  | { type: "int"; min: number; max: number }
  | { type: "choice"; values: ReadonlyArray<unknown> };

interface TrainSearchRequest {
  kind: TrainModelKind;
  data: TrainData;
  /** Scores trials on this data instead of a held-out share of `data`. */
  validation?: TrainData;
  /** Base options every trial starts from. */
  options?: TrainClassifierOptions & TrainMlpOptions;
  /** Options to vary, by name. */
  space: { readonly [option: string]: TrainSearchRange };
  strategy: "grid" | "random";
  /** Random search: how many configurations; default 10. */
  trials?: number;
  seed?: number;
  /** What ranks trials; default "loss". */
  metric?: TrainMetric;
  /** Score by k-fold cross-validation instead of a validation split. */
  folds?: number;
  stratified?: boolean;
  /** Start every configuration with minEpochs; the best 1/eta continue with eta times the epochs (up to options.epochs). */
  successiveHalving?: { minEpochs: number; eta?: number };
  /** Train the best configuration on all the data afterwards; default true. */
  refit?: boolean;
}

interface TrainSearchResult {
  status: "completed" | "interrupted";
  metric: TrainMetric;
  mode: "min" | "max";
  best: { params: { readonly [option: string]: unknown }; score: number; trial: number } | null;
  trials: Array<{ trial: number; params: { readonly [option: string]: unknown }; rung: number; epochs: number; status: string; score: number | null; error: string | null; runId: string | null }>;
  /** The refit model (null when refit is off or the search was interrupted). */
  model: ModelHandle | null;
  runId: string | null;
}

/** The `train` global: model training on TensorFlow.js. */
interface TrainNamespace {
  /**
   * Linear regression (one dense layer, mean squared error; with l2 it is ridge regression).
   *
   * @example
   * const { model, metrics } = await train.linearRegression(houses, { target: "price", epochs: 50, seed: 1 });
   */
  linearRegression(data: TrainData, options?: TrainCommonOptions): Promise<TrainResult>;
  /**
   * Binary logistic regression (sigmoid output, cross-entropy); the target has exactly two classes.
   *
   * @example
   * const { model } = await train.logisticRegression(customers, { target: "churned", classWeights: "balanced", seed: 7 });
   */
  logisticRegression(data: TrainData, options?: TrainClassifierOptions): Promise<TrainResult>;
  /**
   * Softmax (multinomial logistic) classifier over two or more classes.
   *
   * @example
   * const { model } = await train.softmaxClassifier(iris, { target: "species", epochs: 100, learningRate: 0.05 });
   */
  softmaxClassifier(data: TrainData, options?: TrainClassifierOptions): Promise<TrainResult>;
  /**
   * Multi-layer perceptron classifier (hidden layers, softmax output).
   *
   * @example
   * const run = await train.mlpClassifier(iris, {
   *   target: "species", hidden: [16, 8], dropout: 0.1, epochs: 200,
   *   validationSplit: 0.2, earlyStopping: { patience: 10 }, seed: 42,
   * });
   */
  mlpClassifier(data: TrainData, options?: TrainClassifierOptions & TrainMlpOptions): Promise<TrainResult>;
  /**
   * Multi-layer perceptron regressor (hidden layers, linear output).
   *
   * @example
   * const { model } = await train.mlpRegressor({ x: [[0], [1], [2], [3]], y: [0, 1, 4, 9] }, { hidden: [8], epochs: 300 });
   */
  mlpRegressor(data: TrainData, options?: TrainCommonOptions & TrainMlpOptions): Promise<TrainResult>;
  /**
   * k-fold cross-validation (stratified for classifiers on request): one run per fold, held-out metrics and their mean.
   *
   * @example
   * const cv = await train.crossValidate("mlpClassifier", iris, { target: "species", epochs: 50, seed: 1 }, { folds: 5, stratified: true });
   * cv.mean.accuracy;
   */
  crossValidate(kind: TrainModelKind, data: TrainData, options: TrainClassifierOptions & TrainMlpOptions, plan: { folds: number; stratified?: boolean }): Promise<TrainCrossValidation>;
  /**
   * Hyperparameter search (grid, or seeded random; optionally successive halving); every trial is a tracked run under one parent run.
   *
   * @example
   * const search = await train.search({
   *   kind: "mlpClassifier", data: iris, options: { target: "species", epochs: 27, seed: 3 },
   *   space: { learningRate: { type: "logUniform", min: 1e-3, max: 1e-1 }, hidden: [[8], [16, 8]] },
   *   strategy: "random", trials: 9, metric: "accuracy", successiveHalving: { minEpochs: 3 },
   * });
   */
  search(request: TrainSearchRequest): Promise<TrainSearchResult>;
  /**
   * The TensorFlow.js backend this kernel trains on, and its device.
   *
   * @example
   * await train.backend(); // { backend: "wasm", device: "cpu (wasm, SIMD)", package: "@tensorflow/tfjs-backend-wasm" }
   */
  backend(): Promise<{ backend: string; device: string; package: string }>;
}

interface ModelSummary {
  id: string;
  kind: TrainModelKind | "onnx";
  runtime: "tfjs" | "onnx";
  task: "regression" | "binary" | "multiclass";
  features: string[];
  target: string | null;
  classes: TrainLabel[] | null;
  hasFeatureSet: boolean;
  layers?: Array<{ inputs: number; units: number; activation: string }>;
  parameters?: number;
  training?: { backend: string; device: string; seed: number; epochs: number; bestEpoch: number; status: string; metrics: { readonly [metric: string]: number }; rows: number; runId: string | null } | null;
  onnx?: { input: string; output: string };
}

type ModelPredictions =
  | { task: "regression"; rows: number; values: number[] }
  | { task: "binary" | "multiclass"; rows: number; labels: TrainLabel[]; probabilities: number[][]; classes: TrainLabel[] };

/** The declared input of an imported ONNX model. */
interface ModelOnnxSchema {
  /** The graph input taking the features; may be left out when there is one. */
  input?: string;
  /** Feature columns in the order of the input's second dimension ([rows, features], float32). */
  features: readonly string[];
  task: "regression" | "binary" | "multiclass";
  /** Class labels in output order (classifiers). */
  classes?: readonly TrainLabel[];
  /** The output with the predictions or probabilities; default the first. */
  output?: string;
  target?: string;
}

/** The `models` global: predictions, artifacts and ONNX. */
interface ModelsNamespace {
  /**
   * Predictions for a Dataset (at most 10 000 rows per call) or feature rows. A dataset without the model's features
   * goes through the model's FeatureSet first, when it carries one.
   *
   * @example
   * const { labels, probabilities } = await models.predict(model, testSet);
   * const { values } = await models.predict(regressor, [[1.5, 2.0]]);
   */
  predict(model: ModelHandle, data: TrainDatasetHandle | { dataset: TrainDatasetHandle } | ReadonlyArray<ReadonlyArray<number>> | { x: ReadonlyArray<ReadonlyArray<number>> }): Promise<ModelPredictions>;
  /**
   * What a model is: kind, features, classes, layers, how it was trained.
   *
   * @example
   * (await models.summary(model)).training?.device; // "cpu (wasm, SIMD)"
   */
  summary(model: ModelHandle): Promise<ModelSummary>;
  /**
   * Saves a model (with its FeatureSet) as a content-addressed artifact.
   *
   * @example
   * const { artifactId } = await models.save(model);
   */
  save(model: ModelHandle): Promise<{ artifactId: string; size: number; modelId: string }>;
  /**
   * Loads a saved model.
   *
   * @example
   * const model = await models.load("9f2c…"); // the artifactId from models.save
   */
  load(artifactId: string): Promise<ModelHandle>;
  /**
   * Exports a trained network to ONNX (opset 13) as an artifact that serves on onnxruntime.
   *
   * @example
   * const { artifactId, input, output } = await models.exportOnnx(model); // input "input", output "probabilities"
   */
  exportOnnx(model: ModelHandle): Promise<{ artifactId: string; size: number; opset: number; input: string; output: string }>;
  /**
   * Imports an ONNX model (its bytes, or an artifact id) with a declared input schema; mismatches are named.
   *
   * @example
   * const churn = await models.importOnnx(uploadedArtifactId, { features: ["tenure", "spend"], task: "binary", classes: [false, true] });
   */
  importOnnx(source: Uint8Array | string, schema: ModelOnnxSchema): Promise<ModelHandle>;
}

/**
 * Model training on TensorFlow.js: linear and logistic regression, softmax
 * classifier, MLP classifier and regressor, cross-validation and search.
 *
 * @example
 * const { model, history } = await train.mlpClassifier(trainSet, { target: "label", hidden: [32], epochs: 30, seed: 1 });
 */
declare const train: TrainNamespace;

/**
 * Models: predictions, saving and loading as artifacts, ONNX export and import.
 *
 * @example
 * const { artifactId } = await models.exportOnnx(model);
 */
declare const models: ModelsNamespace;
