import { z } from "zod";

/**
 * Test-side encoding of the OpenLineage RunEvent JSON schema (spec 2-0-2 and
 * the standard facets the export uses): required fields, enums and the
 * `uri`, `uuid` and `date-time` formats. No npm package ships OpenLineage.json,
 * and tests download nothing, so the structure is written out here from the
 * published spec; objects stay open (`passthrough`) where the spec allows
 * additional properties. Used by the tests only.
 */
// JSON Schema `format: uri` is an absolute RFC 3986 URI: a scheme, then no whitespace.
const uri = z.string().regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S*$/, "an absolute URI");
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "a uuid");
const dateTime = z.string().datetime({ offset: true });

const baseFacet = z.object({ _producer: uri, _schemaURL: uri }).passthrough();
const facets = (known: Record<string, z.ZodType>) => z.object(known).partial().catchall(baseFacet).optional();

const runFacets = facets({
  parent: baseFacet.extend({ run: z.object({ runId: uuid }).passthrough(), job: z.object({ namespace: z.string(), name: z.string() }).passthrough() }),
  errorMessage: baseFacet.extend({ message: z.string(), programmingLanguage: z.string(), stackTrace: z.string().optional() }),
});

const jobFacets = facets({
  sourceCode: baseFacet.extend({ language: z.string(), sourceCode: z.string() }),
  jobType: baseFacet.extend({ processingType: z.string(), integration: z.string(), jobType: z.string().optional() }),
});

const datasetFacets = facets({
  schema: baseFacet.extend({
    fields: z.array(z.object({ name: z.string(), type: z.string().optional(), description: z.string().optional() }).passthrough()),
  }),
  version: baseFacet.extend({ datasetVersion: z.string() }),
});

const inputFacets = facets({
  dataQualityMetrics: baseFacet.extend({ rowCount: z.number().int().optional(), bytes: z.number().int().optional(), columnMetrics: z.record(z.string(), z.unknown()) }),
  dataQualityAssertions: baseFacet.extend({
    assertions: z.array(z.object({ assertion: z.string(), success: z.boolean(), column: z.string().optional() }).passthrough()),
  }),
});

const outputFacets = facets({
  outputStatistics: baseFacet.extend({ rowCount: z.number().int(), size: z.number().int().optional() }),
});

const dataset = { namespace: z.string(), name: z.string(), facets: datasetFacets };

export const openLineageRunEventSchema = z
  .object({
    eventTime: dateTime,
    producer: uri,
    schemaURL: uri,
    eventType: z.enum(["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]).optional(),
    run: z.object({ runId: uuid, facets: runFacets }).passthrough(),
    job: z.object({ namespace: z.string(), name: z.string(), facets: jobFacets }).passthrough(),
    inputs: z.array(z.object({ ...dataset, inputFacets }).passthrough()).optional(),
    outputs: z.array(z.object({ ...dataset, outputFacets }).passthrough()).optional(),
  })
  .passthrough();
