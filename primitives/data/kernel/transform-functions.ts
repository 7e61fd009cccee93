import type { KernelCallContext, KernelHostFunction } from "../../../kernel/process/host";
import { detectAnomalies } from "../anomalies";
import { coerce, dropNulls, fillNulls, normalize, trim } from "../clean";
import type { Dataset } from "../dataset";
import { dedupe } from "../dedupe";
import type { DataEngine } from "../engine";
import { checkLeakage, leakageError, randomSplit, stratifiedSplit, timeSplit, type SplitReport, type Splits } from "../splits";
import {
  anomalyOptions,
  coerceOptions,
  coerceTargets,
  dedupeOptions,
  dropNullsOptions,
  fillNullsSpec,
  leakageOptions,
  normalizeOptions,
  parseArg,
  randomSplitOptions,
  stratifiedSplitOptions,
  timeSplitOptions,
  trimOptions,
} from "./args";
import { deriveDataset, runCall, withoutSamples, type EngineSource } from "./call";
import { datasetArg, datasetHandle, datasetParameter, datasetsArg, derived, lineageRef, type NamedDataset } from "./datasets";

/**
 * `data.*` functions that make new dataset versions (cleaning, dedupe,
 * anomalies, splits) and check splits for leakage. Each returns new handles;
 * inputs never change.
 */
export function createTransformFunctions(engine: EngineSource): Record<string, KernelHostFunction> {
  return {
    dropNulls(args, ctx) {
      const input = datasetArg(ctx, args[0], "data.dropNulls: dataset");
      const options = parseArg(dropNullsOptions, args[1] ?? {}, "data.dropNulls", "options");
      return deriveDataset(engine, ctx, "data.dropNulls", input, options, (ready, data) => dropNulls(ready, data, options));
    },
    fillNulls(args, ctx) {
      const input = datasetArg(ctx, args[0], "data.fillNulls: dataset");
      const fills = parseArg(fillNullsSpec, args[1], "data.fillNulls", "fills");
      return deriveDataset(engine, ctx, "data.fillNulls", input, { fills }, (ready, data) => fillNulls(ready, data, fills));
    },
    trim(args, ctx) {
      const input = datasetArg(ctx, args[0], "data.trim: dataset");
      const options = parseArg(trimOptions, args[1] ?? {}, "data.trim", "options");
      return deriveDataset(engine, ctx, "data.trim", input, options, (ready, data) => trim(ready, data, options));
    },
    coerce(args, ctx) {
      const input = datasetArg(ctx, args[0], "data.coerce: dataset");
      const targets = parseArg(coerceTargets, args[1], "data.coerce", "targets");
      const options = parseArg(coerceOptions, args[2] ?? {}, "data.coerce", "options");
      return deriveDataset(engine, ctx, "data.coerce", input, { targets, ...options }, (ready, data) => coerce(ready, data, targets, options));
    },
    normalize(args, ctx) {
      const input = datasetArg(ctx, args[0], "data.normalize: dataset");
      const options = parseArg(normalizeOptions, args[1], "data.normalize", "options");
      return deriveDataset(engine, ctx, "data.normalize", input, options, (ready, data) => normalize(ready, data, options));
    },
    dedupe(args, ctx) {
      const input = datasetArg(ctx, args[0], "data.dedupe: dataset");
      const options = parseArg(dedupeOptions, args[1], "data.dedupe", "options");
      return deriveDataset(engine, ctx, "data.dedupe", input, options, (ready, data) => dedupe(ready, data, options));
    },
    detectAnomalies(args, ctx) {
      const input = datasetArg(ctx, args[0], "data.detectAnomalies: dataset");
      const options = parseArg(anomalyOptions, args[1], "data.detectAnomalies", "options");
      return deriveDataset(engine, ctx, "data.detectAnomalies", input, options, (ready, data) => detectAnomalies(ready, data, options));
    },
    randomSplit(args, ctx) {
      const input = datasetArg(ctx, args[0], "data.randomSplit: dataset");
      const options = parseArg(randomSplitOptions, args[1], "data.randomSplit", "options");
      return split(engine, ctx, "data.randomSplit", input, options, (ready, data) => randomSplit(ready, data, options));
    },
    stratifiedSplit(args, ctx) {
      const input = datasetArg(ctx, args[0], "data.stratifiedSplit: dataset");
      const options = parseArg(stratifiedSplitOptions, args[1], "data.stratifiedSplit", "options");
      return split(engine, ctx, "data.stratifiedSplit", input, options, (ready, data) => stratifiedSplit(ready, data, options));
    },
    timeSplit(args, ctx) {
      const input = datasetArg(ctx, args[0], "data.timeSplit: dataset");
      const options = parseArg(timeSplitOptions, args[1], "data.timeSplit", "options");
      return split(engine, ctx, "data.timeSplit", input, options, (ready, data) => timeSplit(ready, data, options));
    },
    checkLeakage: (args, ctx) => leakage(engine, ctx, args, false),
    expectNoLeakage: (args, ctx) => leakage(engine, ctx, args, true),
  };
}

/** A split: one output per part, each named `<cell>/<primitive>/<part>`. */
function split(
  engine: EngineSource,
  ctx: KernelCallContext,
  primitive: string,
  input: NamedDataset,
  parameters: object,
  run: (engine: DataEngine, input: Dataset) => Promise<{ splits: Splits; report: SplitReport }>,
) {
  return runCall(engine, ctx, { primitive, parameters: { dataset: datasetParameter(input), ...parameters }, inputs: [input] }, async (ready, lineage) => {
    const { splits, report } = await run(ready, input.dataset);
    const handles: Record<string, unknown> = {};
    for (const [part, dataset] of Object.entries(splits)) {
      const output = derived(ctx, dataset, primitive, part);
      lineage.output(lineageRef(output));
      handles[part] = datasetHandle(ctx, output);
    }
    lineage.facet("report", report);
    return { splits: handles, report };
  });
}

function leakage(engine: EngineSource, ctx: KernelCallContext, args: unknown[], expect: boolean) {
  const fn = expect ? "data.expectNoLeakage" : "data.checkLeakage";
  const splits = datasetsArg(ctx, args[0], `${fn}: splits`);
  const options = parseArg(leakageOptions, args[1], fn, "options");
  const parameters = { splits: Object.fromEntries(Object.entries(splits).map(([part, d]) => [part, datasetParameter(d)])), ...options };
  return runCall(engine, ctx, { primitive: fn, parameters, inputs: Object.values(splits) }, async (ready, lineage) => {
    const report = await checkLeakage(ready, Object.fromEntries(Object.entries(splits).map(([part, named]) => [part, named.dataset])), options);
    lineage.facet("report", withoutSamples(report));
    const error = expect ? leakageError(report) : null;
    if (error) throw error;
    return report;
  });
}
