import { PROFILE_FACET, SAMPLE_FACET, SAMPLE_MAX_ROWS, profileFacetSchema, sampleFacetSchema } from "../../lineage/facets";
import type { Dataset } from "../dataset";
import { toPlain, type DataEngine } from "../engine";
import type { DatasetProfile } from "../profile";
import { head } from "../rows";

/**
 * The preview facets the dataset page shows: the first rows of a loaded
 * version, the statistics of a profiled one. They are checked here against
 * the schema the recorder enforces; one that does not fit is left out, as a
 * preview must never fail the cell that made the data.
 */
export async function sampleFacet(engine: DataEngine, dataset: Dataset): Promise<Record<string, unknown>> {
  const rows = await head(engine, dataset, SAMPLE_MAX_ROWS);
  const columns = dataset.columns.map((c) => c.name);
  const sample = { columns, rows: rows.map((row) => columns.map((name) => toPlain(row[name] ?? null))), truncated: dataset.rowCount > SAMPLE_MAX_ROWS };
  return sampleFacetSchema.safeParse(sample).success ? { [SAMPLE_FACET]: sample } : {};
}

export function profileFacet(result: DatasetProfile): Record<string, unknown> {
  const facet = { columns: result.columns, methods: result.methods };
  return profileFacetSchema.safeParse(facet).success ? { [PROFILE_FACET]: facet } : {};
}
