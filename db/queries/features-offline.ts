import { and, asc, desc, eq, sql } from "drizzle-orm";
import { featureViewVersions } from "../schema/features";
import type { Executor } from "./executor";
import { isUniqueViolation } from "./executor";

/** The offline store's catalog: numbered, immutable versions of each feature view's data. */
export interface FeatureViewVersionWrite {
  view: string;
  definition: Record<string, unknown>;
  datasetId: string;
  artifactId: string;
  rowCount: number;
  columns: { name: string; type: string }[];
}

export interface FeatureViewVersionRow extends FeatureViewVersionWrite {
  version: number;
  createdAt: Date;
}

/**
 * Records a new version of a view's data: the next number after the
 * latest. Two writers racing for the same number both succeed, one retrying
 * with the next.
 * @example
 * const { version } = await insertFeatureViewVersion(store.db, { view: "user_stats", definition, datasetId, artifactId, rowCount: 10, columns });
 */
export async function insertFeatureViewVersion(db: Executor, write: FeatureViewVersionWrite): Promise<FeatureViewVersionRow> {
  const t = featureViewVersions;
  for (let attempt = 0; ; attempt++) {
    try {
      const [row] = await db
        .insert(t)
        .values({
          view: write.view,
          version: sql`(select coalesce(max(${t.version}), 0) + 1 from ${t} where ${t.view} = ${write.view})`,
          definition: write.definition,
          datasetId: write.datasetId,
          artifactId: write.artifactId,
          rowCount: write.rowCount,
          columns: write.columns,
        })
        .returning();
      return toRow(row!);
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}

/**
 * Every version of a view, oldest first.
 * @example
 * const versions = await listFeatureViewVersions(store.db, "user_stats");
 */
export async function listFeatureViewVersions(db: Executor, view: string): Promise<FeatureViewVersionRow[]> {
  const t = featureViewVersions;
  const rows = await db.select().from(t).where(eq(t.view, view)).orderBy(asc(t.version));
  return rows.map(toRow);
}

/**
 * One version of a view, or its latest when `version` is left out; null when none.
 * @example
 * const latest = await findFeatureViewVersion(store.db, "user_stats");
 */
export async function findFeatureViewVersion(db: Executor, view: string, version?: number): Promise<FeatureViewVersionRow | null> {
  const t = featureViewVersions;
  const where = version === undefined ? eq(t.view, view) : and(eq(t.view, view), eq(t.version, version));
  const [row] = await db.select().from(t).where(where).orderBy(desc(t.version)).limit(1);
  return row ? toRow(row) : null;
}

function toRow(row: typeof featureViewVersions.$inferSelect): FeatureViewVersionRow {
  return {
    view: row.view,
    version: row.version,
    definition: row.definition as Record<string, unknown>,
    datasetId: row.datasetId,
    artifactId: row.artifactId,
    rowCount: row.rowCount,
    columns: row.columns as { name: string; type: string }[],
    createdAt: row.createdAt,
  };
}
