import type { ColumnSchema, Dataset } from "../data/dataset";
import type { DataEngine } from "../data/engine";
import { quoteIdent } from "../data/sql";
import { FeatureError } from "./errors";
import { parseFeatureView, requireSameKeyKinds, requireTemporal, resolveViewColumns, type FeatureView } from "./feature-view";
import { kindOfColumn, utcTimestampSql } from "./values";

/**
 * Point-in-time correct joins with Feast's semantics: for each entity row
 * and each view, the feature row with the same keys whose event time is at
 * or before the entity row's time and not older than the TTL
 * (`entity_ts - ttl <= event_ts <= entity_ts`, both ends inside); the
 * latest event wins, ties broken by the latest created time (then by the
 * later row of the view's data). Entity rows without a match are kept with
 * nulls; rows keep their order and duplicates.
 *
 * DuckDB's ASOF JOIN finds the latest event at or before each entity time
 * per key in one sorted pass; it picks arbitrarily among equal event times,
 * so each view is first reduced to one row per (keys, event time) by the
 * tie rule, and the TTL is checked on the match (when the latest event is
 * too old, every earlier one is too).
 */
export interface PointInTimeView {
  view: FeatureView | Record<string, unknown>;
  data: Dataset;
}

export interface PointInTimeOptions {
  /** The entity rows' time column; Feast's default name. */
  entityTimestamp?: string;
  /** Name outputs `<view>__<feature>` instead of `<feature>` (needed when two views share a feature name). */
  fullFeatureNames?: boolean;
}

/**
 * Joins feature views onto entity rows as of each row's time.
 * @example
 * const training = await pointInTimeJoin(engine, labels, [
 *   { view: { name: "user_stats", entities: ["user_id"], eventTimestamp: "ts", createdTimestamp: "written_at", features: ["orders_7d"], ttlSeconds: 7 * 86_400 }, data: userStats },
 *   { view: { name: "merchant", entities: ["merchant_id"], eventTimestamp: "ts", features: ["risk"] }, data: merchants },
 * ], { entityTimestamp: "event_timestamp" });
 */
export async function pointInTimeJoin(engine: DataEngine, entities: Dataset, views: readonly PointInTimeView[], options: PointInTimeOptions = {}): Promise<Dataset> {
  if (views.length === 0) throw new FeatureError("invalid_argument", "pointInTimeJoin needs at least one feature view");
  const entityTsName = options.entityTimestamp ?? "event_timestamp";
  const entityTs = entities.column(entityTsName);
  if (!entityTs) throw new FeatureError("schema_mismatch", `the entity rows have no time column "${entityTsName}" (set entityTimestamp)`, { column: entityTsName });
  requireTemporal({ name: "entity rows" }, entityTs);
  const reserved = entities.columns.filter((c) => c.name.startsWith("__tb_")).map((c) => c.name);
  if (reserved.length > 0) throw new FeatureError("schema_mismatch", `column names starting with __tb_ are reserved: ${reserved.join(", ")}`);

  const parsed = views.map((v) => ({ view: parseFeatureView(v.view), data: v.data }));
  const names = parsed.map((p) => p.view.name);
  if (new Set(names).size !== names.length) throw new FeatureError("invalid_definition", `feature view names repeat: ${names.join(", ")}`);
  const outputNames = entities.columns.map((c) => c.name);
  const ctes = [`ent AS (SELECT rowid AS __tb_row, *, ${tsSql(entityTs)} AS __tb_ets FROM ${entities.table})`];
  const selected = entities.columns.map((c) => `ent.${quoteIdent(c.name)}`);
  const joins: string[] = [];
  parsed.forEach(({ view, data }, i) => {
    const cols = resolveViewColumns(view, data);
    const missingKeys = view.entities.filter((k) => !entities.column(k));
    if (missingKeys.length > 0) {
      throw new FeatureError("schema_mismatch", `feature view "${view.name}": the entity rows lack key column(s) ${missingKeys.join(", ")}`, { view: view.name, columns: missingKeys });
    }
    requireSameKeyKinds(view, view.entities.map((k) => entities.column(k)!), cols.entities);
    ctes.push(...viewCtes(view, data, cols, i));
    cols.features.forEach((f, j) => {
      const name = options.fullFeatureNames ? `${view.name}__${f.name}` : f.name;
      outputNames.push(name);
      selected.push(`j${i}.${quoteIdent(`__tb_f${j}`)} AS ${quoteIdent(name)}`);
    });
    joins.push(`LEFT JOIN j${i} USING (__tb_row)`);
  });
  const repeated = outputNames.filter((n, i) => outputNames.indexOf(n) !== i);
  if (repeated.length > 0) {
    throw new FeatureError("invalid_definition", `output columns repeat: ${[...new Set(repeated)].join(", ")}${options.fullFeatureNames ? "" : " (set fullFeatureNames: true)"}`, { columns: [...new Set(repeated)] });
  }
  return engine.materialize(`WITH ${ctes.join(",\n")}\nSELECT ${selected.join(", ")} FROM ent ${joins.join(" ")} ORDER BY ent.__tb_row`);
}

/** The view reduced to one row per (keys, event time), and its as-of match per entity row. */
function viewCtes(view: FeatureView, data: Dataset, cols: ReturnType<typeof resolveViewColumns>, i: number): string[] {
  const keys = cols.entities.map((c) => quoteIdent(c.name));
  const eventTs = tsSql(cols.eventTimestamp);
  const order = cols.createdTimestamp ? `${tsSql(cols.createdTimestamp)} DESC NULLS LAST, rowid DESC` : "rowid DESC";
  const features = cols.features.map((f, j) => `${quoteIdent(f.name)} AS ${quoteIdent(`__tb_f${j}`)}`);
  const latest = `v${i} AS (SELECT ${[...keys, `${eventTs} AS __tb_fts`, ...features].join(", ")} FROM ${data.table} WHERE ${eventTs} IS NOT NULL ` +
    `QUALIFY row_number() OVER (PARTITION BY ${[...keys, eventTs].join(", ")} ORDER BY ${order}) = 1)`;
  const on = [...keys.map((k) => `ent.${k} = v${i}.${k}`), `ent.__tb_ets >= v${i}.__tb_fts`].join(" AND ");
  // Integer microseconds: the TTL edge compares exactly.
  const fresh = view.ttlSeconds === undefined ? "TRUE" : `epoch_us(v${i}.__tb_fts) >= epoch_us(ent.__tb_ets) - ${Math.round(view.ttlSeconds * 1e6)}`;
  const picked = cols.features.map((_, j) => `CASE WHEN ${fresh} THEN v${i}.${quoteIdent(`__tb_f${j}`)} END AS ${quoteIdent(`__tb_f${j}`)}`);
  const match = `j${i} AS (SELECT ent.__tb_row, ${picked.join(", ")} FROM ent ASOF LEFT JOIN v${i} ON ${on})`;
  return [latest, match];
}

/** A date or timestamp column as a UTC TIMESTAMP, so zones and types compare as instants. */
function tsSql(column: ColumnSchema): string {
  return utcTimestampSql({ ref: quoteIdent(column.name), type: column.type, kind: kindOfColumn(column)! });
}
