import type { KernelCallContext, KernelHostFunction } from "../../../kernel/process/host";
import { ServerRequestError } from "../../../kernel/process/server-channel";
import { contractSchema } from "../contract";
import { DataError } from "../errors";
import { loadFile } from "../load";
import { profile } from "../profile";
import { head, readRows } from "../rows";
import { inferContract } from "../schema";
import { validate, validationError } from "../validate";
import { headCount, loadOptions, loadUrlOptions, parseArg, profileOptions, rowsOptions, validateOptions } from "./args";
import { runCall, withoutSamples, type EngineSource } from "./call";
import { datasetArg, datasetHandle, datasetParameter, lineageRef, notebookNamespace } from "./datasets";
import { downloadToTemp } from "./download";
import { PUBLIC_ONLY, type UrlPolicy } from "./url-policy";
import { profileFacet, sampleFacet } from "./facets";
import { profileOutputs } from "./profile-output";

/**
 * `data.*` functions that bring data in (uploaded files, URLs), read it out
 * (head, rows: capped) and describe it (info, validate, contracts, profile).
 */
const DEFAULT_DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

export function createIoFunctions(engine: EngineSource): Record<string, KernelHostFunction> {
  return {
    files: (_args, ctx) => ctx.kernel.server.request("files", "list", null, { signal: ctx.signal }),

    async load(args, ctx) {
      const name = stringArg(args[0], "data.load", "name");
      const options = parseArg(loadOptions, args[1] ?? {}, "data.load", "options");
      const shownPaths: Record<string, string> = {};
      return runCall(engine, ctx, { primitive: "data.load", parameters: { file: name, ...options }, inputs: [], shownPaths }, async (ready, lineage) => {
        const file = await resolveFile(ctx, name);
        shownPaths[file.path] = name;
        // The upload limit already bounds the file.
        const { dataset, report } = await loadFile(ready, file.path, { ...options, maxBytes: Number.MAX_SAFE_INTEGER });
        const output = { dataset, namespace: `${notebookNamespace(ctx.kernel.notebookId)}/files`, name };
        lineage.output(lineageRef(output, await sampleFacet(ready, dataset)));
        const shown = { ...report, path: name };
        lineage.facet("report", withoutSamples(shown));
        return { dataset: datasetHandle(ctx, output), report: shown };
      });
    },

    async loadUrl(args, ctx) {
      const url = urlArg(args[0]);
      const options = parseArg(loadUrlOptions, args[1] ?? {}, "data.loadUrl", "options");
      const { maxBytes, timeoutMs, ...load } = options;
      // Query strings and credentials often hold secrets: lineage and messages keep origin and path only.
      const shown = `${url.origin}${url.pathname}`;
      const shownPaths: Record<string, string> = {};
      return runCall(engine, ctx, { primitive: "data.loadUrl", parameters: { url: shown, ...options }, inputs: [], shownPaths }, async (ready, lineage) => {
        const limits = await ctx.kernel.server.request<{ maxBytes: number; urlPolicy?: UrlPolicy }>("files", "limits", null, { signal: ctx.signal });
        const download = await downloadToTemp(url, {
          maxBytes: Math.min(maxBytes ?? limits.maxBytes, limits.maxBytes),
          policy: limits.urlPolicy ?? PUBLIC_ONLY,
          timeoutMs: timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS,
          signal: ctx.signal,
        });
        shownPaths[download.file] = shown;
        try {
          const { dataset, report } = await loadFile(ready, download.file, { ...load, maxBytes: Number.MAX_SAFE_INTEGER });
          const output = { dataset, namespace: url.origin, name: url.pathname };
          lineage.output(lineageRef(output, await sampleFacet(ready, dataset)));
          const described = { ...report, path: shown };
          lineage.facet("report", withoutSamples(described));
          return { dataset: datasetHandle(ctx, output), report: described };
        } finally {
          await download.remove();
        }
      });
    },

    info: (args, ctx) => {
      const named = datasetArg(ctx, args[0], "data.info: dataset");
      return { ...named.dataset.toJSON(), name: named.name };
    },

    async head(args, ctx) {
      const dataset = datasetArg(ctx, args[0], "data.head: dataset");
      const n = parseArg(headCount, args[1] ?? 10, "data.head", "n");
      return runCall(engine, ctx, { primitive: "data.head", parameters: { dataset: datasetParameter(dataset), n }, inputs: [dataset] }, (ready) => head(ready, dataset.dataset, n));
    },

    async rows(args, ctx) {
      const dataset = datasetArg(ctx, args[0], "data.rows: dataset");
      const options = parseArg(rowsOptions, args[1] ?? {}, "data.rows", "options");
      return runCall(engine, ctx, { primitive: "data.rows", parameters: { dataset: datasetParameter(dataset), ...options }, inputs: [dataset] }, (ready) =>
        readRows(ready, dataset.dataset, options),
      );
    },

    validate: (args, ctx) => validateCall(engine, ctx, args, false),
    expectValid: (args, ctx) => validateCall(engine, ctx, args, true),

    async inferContract(args, ctx) {
      const dataset = datasetArg(ctx, args[0], "data.inferContract: dataset");
      return runCall(engine, ctx, { primitive: "data.inferContract", parameters: { dataset: datasetParameter(dataset) }, inputs: [dataset] }, (ready) =>
        inferContract(ready, dataset.dataset),
      );
    },

    async profile(args, ctx) {
      const dataset = datasetArg(ctx, args[0], "data.profile: dataset");
      const { display, ...options } = parseArg(profileOptions, args[1] ?? {}, "data.profile", "options");
      return runCall(engine, ctx, { primitive: "data.profile", parameters: { dataset: datasetParameter(dataset), ...options }, inputs: [dataset] }, async (ready, lineage) => {
        const result = await profile(ready, dataset.dataset, options);
        lineage.facet("profile", { ...result, columns: result.columns.map(({ histogram: _histogram, ...column }) => column) });
        lineage.input(lineageRef(dataset, profileFacet(result)));
        if (display !== false) for (const output of profileOutputs(result)) ctx.emit(output);
        return result;
      });
    },
  };
}

async function validateCall(engine: EngineSource, ctx: KernelCallContext, args: unknown[], expect: boolean) {
  const fn = expect ? "data.expectValid" : "data.validate";
  const dataset = datasetArg(ctx, args[0], `${fn}: dataset`);
  const contract = parseArg(contractSchema, args[1], fn, "contract");
  const options = parseArg(validateOptions, args[2] ?? {}, fn, "options");
  return runCall(engine, ctx, { primitive: fn, parameters: { dataset: datasetParameter(dataset), contract, ...options }, inputs: [dataset] }, async (ready, lineage) => {
    const report = await validate(ready, dataset.dataset, contract, options);
    // The checks travel with the input they were made on, as OpenLineage's data quality assertions.
    const assertions = report.results.map((r) => ({ assertion: r.rule, column: r.column, success: r.passed, failingCount: r.failing }));
    lineage.input(lineageRef(dataset, { dataQuality: { rowCount: report.rowCount, assertions } }));
    lineage.facet("report", withoutSamples(report));
    const error = expect ? validationError(report) : null;
    if (error) throw error;
    return report;
  });
}

/** The notebook's file, or a `not_found` that lists the uploaded files. */
async function resolveFile(ctx: KernelCallContext, name: string): Promise<{ path: string; bytes: number }> {
  try {
    return await ctx.kernel.server.request("files", "resolve", { name }, { signal: ctx.signal });
  } catch (error) {
    if (error instanceof ServerRequestError && error.code === "not_found") throw new DataError("not_found", error.message, { file: name });
    if (error instanceof ServerRequestError && (error.code === "invalid_body" || error.code === "invalid_payload")) {
      throw new DataError("invalid_argument", error.message, { file: name });
    }
    throw error;
  }
}

function stringArg(value: unknown, fn: string, what: string): string {
  if (typeof value !== "string" || value === "") throw new TypeError(`${fn}: ${what} must be a non-empty string`);
  return value;
}

function urlArg(value: unknown): URL {
  const text = stringArg(value, "data.loadUrl", "url");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`data.loadUrl: ${JSON.stringify(text.slice(0, 200))} is not an absolute URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`data.loadUrl: only http and https URLs can be loaded, not ${url.protocol}`);
  return url;
}
