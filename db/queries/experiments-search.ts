import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  getTableColumns,
  ilike,
  inArray,
  isNull,
  like,
  max,
  ne,
  notInArray,
  or,
  sql,
  type AnyColumn,
  type SQL,
} from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  experimentInputs,
  experimentLatestMetrics,
  experimentParams,
  experimentRuns,
  experimentTags,
  experiments,
} from "../schema/experiments";
import type { RunRow } from "./experiments";
import type { Executor } from "./executor";

/**
 * Run search (MLflow's search_runs): a parsed filter (clauses joined by AND)
 * and an order become one SQL query, paged by offset. Metrics filter and sort
 * on each key's latest value. The caller's visibility (the notebooks it may
 * read) is part of every query, so a page is never cut short by hidden runs.
 */

export type NumericComparator = "=" | "!=" | ">" | ">=" | "<" | "<=";
export type StringComparator = "=" | "!=" | "LIKE" | "ILIKE";
export type SetComparator = "IN" | "NOT IN";

export type StringAttribute = "run_id" | "run_name" | "status";
export type TimeAttribute = "start_time" | "end_time";
export type RunAttribute = StringAttribute | TimeAttribute;
export type DatasetField = "name" | "digest" | "context";

export type FilterClause =
  | { entity: "metric"; key: string; comparator: NumericComparator; value: number }
  | { entity: "param" | "tag"; key: string; comparator: StringComparator; value: string }
  | { entity: "attribute"; key: StringAttribute; comparator: StringComparator; value: string }
  | { entity: "attribute"; key: StringAttribute; comparator: SetComparator; value: string[] }
  | { entity: "attribute"; key: TimeAttribute; comparator: NumericComparator; value: number }
  | { entity: "dataset"; key: DatasetField; comparator: "=" | "!="; value: string }
  | { entity: "dataset"; key: DatasetField; comparator: SetComparator; value: string[] };

export interface RunOrder {
  entity: "metric" | "param" | "tag" | "attribute";
  key: string;
  ascending: boolean;
}

/** Runs of notebooks in `notebookIds`, and runs made outside any notebook. */
export interface RunVisibility {
  notebookIds: readonly string[];
}

export interface RunSearch {
  experimentId: string;
  visibility: RunVisibility;
  filter: readonly FilterClause[];
  order: readonly RunOrder[];
  limit: number;
  offset: number;
}

export function visibleRuns(visibility: RunVisibility): SQL {
  const ids = [...new Set(visibility.notebookIds)];
  return ids.length === 0
    ? isNull(experimentRuns.notebookId)
    : or(isNull(experimentRuns.notebookId), inArray(experimentRuns.notebookId, ids))!;
}

const ATTRIBUTE_COLUMNS = {
  run_id: sql`${experimentRuns.id}::text`,
  run_name: sql`${experimentRuns.name}`,
  status: sql`${experimentRuns.status}::text`,
  start_time: sql`${experimentRuns.startTime}`,
  end_time: sql`${experimentRuns.endTime}`,
} satisfies Record<RunAttribute, SQL>;

function compareNumber(column: SQL | AnyColumn, comparator: NumericComparator, value: SQL): SQL {
  const op = sql.raw(comparator === "!=" ? "<>" : comparator);
  return sql`${column} ${op} ${value}`;
}

function compareString(column: SQL | AnyColumn, comparator: StringComparator, value: string): SQL {
  switch (comparator) {
    case "=":
      return sql`${column} = ${value}`;
    case "!=":
      return sql`${column} <> ${value}`;
    case "LIKE":
      return like(column as AnyColumn, value);
    case "ILIKE":
      return ilike(column as AnyColumn, value);
  }
}

function compareSet(column: SQL | AnyColumn, comparator: SetComparator, values: string[]): SQL {
  return comparator === "IN" ? inArray(column as AnyColumn, values) : notInArray(column as AnyColumn, values);
}

const double = (value: number) => sql`${value}::double precision`;

function clauseSql(db: Executor, clause: FilterClause): SQL {
  switch (clause.entity) {
    case "metric": {
      const m = experimentLatestMetrics;
      // IEEE semantics: NaN satisfies only `!=` (Postgres would order NaN above every number).
      const notNan = clause.comparator === "!=" ? sql`true` : sql`${m.value} <> 'NaN'::double precision`;
      return exists(
        db
          .select({ one: sql`1` })
          .from(m)
          .where(and(eq(m.runId, experimentRuns.id), eq(m.key, clause.key), notNan, compareNumber(m.value, clause.comparator, double(clause.value)))),
      );
    }
    case "param":
    case "tag": {
      const t = clause.entity === "param" ? experimentParams : experimentTags;
      return exists(
        db
          .select({ one: sql`1` })
          .from(t)
          .where(and(eq(t.runId, experimentRuns.id), eq(t.key, clause.key), compareString(t.value, clause.comparator, clause.value))),
      );
    }
    case "attribute": {
      if (clause.key === "start_time" || clause.key === "end_time") {
        return compareNumber(ATTRIBUTE_COLUMNS[clause.key], clause.comparator as NumericComparator, sql`to_timestamp(${double(clause.value as number)} / 1000)`);
      }
      const column = ATTRIBUTE_COLUMNS[clause.key];
      return Array.isArray(clause.value)
        ? compareSet(column, clause.comparator as SetComparator, clause.value)
        : compareString(column, clause.comparator as StringComparator, clause.value as string);
    }
    case "dataset": {
      const i = experimentInputs;
      const column = { name: i.name, digest: i.digest, context: i.context }[clause.key];
      const test = Array.isArray(clause.value)
        ? compareSet(column, clause.comparator as SetComparator, clause.value)
        : clause.comparator === "=" ? eq(column, clause.value) : ne(column, clause.value);
      return exists(db.select({ one: sql`1` }).from(i).where(and(eq(i.runId, experimentRuns.id), test)));
    }
  }
}

/** A page of runs (one more than `limit` when another page follows). */
export async function searchRuns(db: Executor, search: RunSearch): Promise<RunRow[]> {
  const where = and(eq(experimentRuns.experimentId, search.experimentId), visibleRuns(search.visibility), ...search.filter.map((c) => clauseSql(db, c)));
  let query = db.select(getTableColumns(experimentRuns)).from(experimentRuns).$dynamic();
  const orderBy: SQL[] = [];
  search.order.forEach((order, index) => {
    let value: SQL;
    let missing: SQL;
    if (order.entity === "attribute") {
      value = ATTRIBUTE_COLUMNS[order.key as RunAttribute];
      missing = sql`case when ${value} is null then 1 else 0 end`;
    } else {
      const table = order.entity === "metric" ? experimentLatestMetrics : order.entity === "param" ? experimentParams : experimentTags;
      const joined = alias(table, `order_${index}`);
      query = query.leftJoin(joined, and(eq(joined.runId, experimentRuns.id), eq(joined.key, order.key)));
      value = sql`${joined.value}`;
      // As MLflow: present values first, then NaN (metrics), then runs without the key, whichever the direction.
      missing =
        order.entity === "metric"
          ? sql`case when ${value} is null then 2 when ${value} = 'NaN'::double precision then 1 else 0 end`
          : sql`case when ${value} is null then 1 else 0 end`;
    }
    orderBy.push(missing, order.ascending ? asc(value) : desc(value));
  });
  if (!search.order.some((o) => o.entity === "attribute" && o.key === "start_time")) orderBy.push(desc(experimentRuns.startTime));
  orderBy.push(asc(experimentRuns.id));
  return query
    .where(where)
    .orderBy(...orderBy)
    .limit(search.limit + 1)
    .offset(search.offset);
}

/** Param, metric and tag keys used by the runs the caller may see (for column choosers). */
export async function listExperimentKeys(
  db: Executor,
  experimentId: string,
  visibility: RunVisibility,
): Promise<{ params: string[]; metrics: string[]; tags: string[] }> {
  const keysOf = async (table: typeof experimentParams | typeof experimentTags | typeof experimentLatestMetrics) => {
    const rows = await db
      .selectDistinct({ key: table.key })
      .from(table)
      .innerJoin(experimentRuns, eq(experimentRuns.id, table.runId))
      .where(and(eq(experimentRuns.experimentId, experimentId), visibleRuns(visibility)))
      .orderBy(asc(table.key));
    return rows.map((r) => r.key);
  };
  return { params: await keysOf(experimentParams), metrics: await keysOf(experimentLatestMetrics), tags: await keysOf(experimentTags) };
}

export interface ExperimentListing {
  id: string;
  name: string;
  createdAt: Date;
  runCount: number;
  lastRunAt: Date | null;
}

/** Every experiment, with the number of runs the caller may see; most recently active first. */
export async function listExperiments(db: Executor, visibility: RunVisibility, experimentId?: string): Promise<ExperimentListing[]> {
  const lastRunAt = max(experimentRuns.startTime);
  const rows = await db
    .select({ id: experiments.id, name: experiments.name, createdAt: experiments.createdAt, runCount: count(experimentRuns.id), lastRunAt })
    .from(experiments)
    .leftJoin(experimentRuns, and(eq(experimentRuns.experimentId, experiments.id), visibleRuns(visibility)))
    .where(experimentId ? eq(experiments.id, experimentId) : undefined)
    .groupBy(experiments.id)
    .orderBy(sql`${lastRunAt} desc nulls last`, asc(experiments.name));
  // Aggregates come back as strings on some drivers.
  return rows.map((r) => ({ ...r, runCount: Number(r.runCount), lastRunAt: r.lastRunAt ? new Date(r.lastRunAt) : null }));
}
