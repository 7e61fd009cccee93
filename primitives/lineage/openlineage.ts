import type { LineageRunRecord } from "../../db/queries/lineage-runs";
import { CONTEXT_FACET } from "./facets";

/**
 * The export to standard OpenLineage RunEvent JSON (spec 2-0-2), one event per
 * stored event of the run, so Marquez or DataHub can ingest them as they are.
 * Tracebook facets with a standard OpenLineage counterpart use it (schema,
 * dataQualityMetrics, dataQualityAssertions, outputStatistics, version,
 * sourceCode, errorMessage, parent, jobType); the rest travel as custom
 * facets prefixed `tracebook_`, each with its own `_producer`/`_schemaURL`.
 */
/** A URI naming this producer; no network location is implied. */
export const PRODUCER = "urn:tracebook:lineage:0.1.0";
export const RUN_EVENT_SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const FACETS = "https://openlineage.io/spec/facets";
// Custom facets are documented in primitives/lineage/README.md.
const CUSTOM_SCHEMA = "urn:tracebook:lineage:facets";

export interface OpenLineageRunEvent {
  eventType: "START" | "COMPLETE" | "FAIL" | "ABORT";
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets: Record<string, Facet> };
  job: { namespace: string; name: string; facets: Record<string, Facet> };
  inputs: Array<{ namespace: string; name: string; facets: Record<string, Facet>; inputFacets: Record<string, Facet> }>;
  outputs: Array<{ namespace: string; name: string; facets: Record<string, Facet>; outputFacets: Record<string, Facet> }>;
}

export type Facet = { _producer: string; _schemaURL: string } & Record<string, unknown>;

function facet(schemaPath: string, body: Record<string, unknown>): Facet {
  return { _producer: PRODUCER, _schemaURL: `${FACETS}/${schemaPath}`, ...body };
}

function custom(body: unknown): Facet {
  const fields = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : { value: body };
  return { _producer: PRODUCER, _schemaURL: CUSTOM_SCHEMA, ...fields };
}

/** A custom facet's name: `tracebook_<name>`, unless it already is one (`tracebook_profile`). */
function customName(name: string): string {
  return name.startsWith("tracebook_") ? name : `tracebook_${name}`;
}

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});

function runFacets(record: LineageRunRecord, eventFacets: Json): Record<string, Facet> {
  const out: Record<string, Facet> = {};
  const { sourceCode: _sourceCode, errorMessage, ...rest } = eventFacets;
  if (record.run.parentRunId && record.parentJob) {
    out.parent = facet("1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet", {
      run: { runId: record.run.parentRunId },
      job: { namespace: record.parentJob.namespace, name: record.parentJob.name },
    });
  }
  const error = asRecord(errorMessage);
  if (typeof error.message === "string") {
    out.errorMessage = facet("1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet", {
      message: error.message,
      programmingLanguage: typeof error.programmingLanguage === "string" ? error.programmingLanguage : "TypeScript",
      ...(typeof error.stackTrace === "string" ? { stackTrace: error.stackTrace } : {}),
    });
  }
  for (const [name, value] of Object.entries(rest)) out[customName(name)] = custom(value);
  out.tracebook_run = custom({
    status: record.run.status,
    actorId: record.run.actorId,
    notebookId: record.job.notebookId,
    cellId: record.job.cellId,
  });
  return out;
}

function jobFacets(record: LineageRunRecord, eventFacets: Json): Record<string, Facet> {
  const out: Record<string, Facet> = {
    jobType: facet("2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet", {
      processingType: "BATCH",
      integration: "TRACEBOOK",
      jobType: record.job.kind.toUpperCase(),
    }),
  };
  const source = asRecord(eventFacets.sourceCode);
  if (typeof source.sourceCode === "string") {
    out.sourceCode = facet("1-0-1/SourceCodeJobFacet.json#/$defs/SourceCodeJobFacet", {
      language: typeof source.language === "string" ? source.language : "TypeScript",
      sourceCode: source.sourceCode,
    });
  }
  return out;
}

function datasetFacets(row: LineageRunRecord["datasets"][number]): Record<string, Facet> {
  const out: Record<string, Facet> = {
    version: facet("1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet", { datasetVersion: row.version }),
  };
  const schema = asRecord(row.schema);
  if (Array.isArray(schema.fields)) {
    out.schema = facet("1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet", {
      fields: schema.fields.map((f) => {
        const field = asRecord(f);
        return { name: String(field.name), ...(typeof field.type === "string" ? { type: field.type } : {}), ...(typeof field.description === "string" ? { description: field.description } : {}) };
      }),
    });
  }
  const { dataQuality: _dq, ...rest } = asRecord(row.versionFacets);
  for (const [name, value] of Object.entries(rest)) out[customName(name)] = custom(value);
  return out;
}

function qualityFacets(row: LineageRunRecord["datasets"][number], direction: "input" | "output"): Record<string, Facet> {
  const out: Record<string, Facet> = {};
  const quality = asRecord(asRecord(row.useFacets).dataQuality ?? asRecord(row.versionFacets).dataQuality);
  const rowCount = typeof quality.rowCount === "number" ? quality.rowCount : row.rowCount;
  if (direction === "input" && rowCount !== null) {
    out.dataQualityMetrics = facet("1-0-2/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet", {
      rowCount,
      columnMetrics: {},
    });
  }
  if (direction === "output" && rowCount !== null) {
    out.outputStatistics = facet("1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet", { rowCount });
  }
  // The contexts a run read an input in (training, validation, test) belong to that use.
  const context = asRecord(row.useFacets)[CONTEXT_FACET];
  if (direction === "input" && context !== undefined) out[CONTEXT_FACET] = custom(context);
  if (Array.isArray(quality.assertions) && direction === "input") {
    out.dataQualityAssertions = facet("1-0-1/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet", {
      assertions: quality.assertions.map((a) => {
        const item = asRecord(a);
        return { assertion: String(item.assertion), success: item.success === true, ...(typeof item.column === "string" ? { column: item.column } : {}) };
      }),
    });
  }
  return out;
}

/** Every stored event of the run as an OpenLineage RunEvent, in the order they arrived. */
export function exportRunEvents(record: LineageRunRecord): OpenLineageRunEvent[] {
  return record.events.map((event) => {
    const facets = asRecord(event.facets);
    // Inputs and outputs are a property of the run; they travel on its terminal event (and on
    // START for inputs already known) so a consumer that keeps only the last event still has them.
    const terminal = event.eventType !== "START";
    const datasets = record.datasets.filter((d) => terminal || d.direction === "input");
    return {
      eventType: event.eventType,
      eventTime: event.eventTime.toISOString(),
      producer: PRODUCER,
      schemaURL: RUN_EVENT_SCHEMA_URL,
      run: { runId: record.run.id, facets: runFacets(record, facets) },
      job: { namespace: record.job.namespace, name: record.job.name, facets: jobFacets(record, facets) },
      inputs: datasets
        .filter((d) => d.direction === "input")
        .map((d) => ({ namespace: d.namespace, name: d.name, facets: datasetFacets(d), inputFacets: qualityFacets(d, "input") })),
      outputs: datasets
        .filter((d) => d.direction === "output")
        .map((d) => ({ namespace: d.namespace, name: d.name, facets: datasetFacets(d), outputFacets: qualityFacets(d, "output") })),
    };
  });
}
