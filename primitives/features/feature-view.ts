import { z } from "zod";
import type { ColumnSchema, Dataset } from "../data/dataset";
import { FeatureError } from "./errors";
import { kindOfColumn } from "./values";

/**
 * A feature view: feature columns of a dataset keyed by entity columns and
 * stamped with the time each value became true (`eventTimestamp`) and, to
 * break ties, when the row was written (`createdTimestamp`). Its data is an
 * ordinary Dataset version; point-in-time joins read it offline, and
 * materialization copies its latest values into the online store.
 */
const column = z.string().min(1).max(256);

export const featureViewSchema = z.strictObject({
  name: z.string().min(1).max(128).regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "letters, digits, _ . - (not first)"),
  /** Join keys; the entity dataframe has columns of the same names. */
  entities: z.array(column).min(1).max(8),
  eventTimestamp: column,
  createdTimestamp: column.optional(),
  features: z.array(column).min(1).max(1000),
  /** How long a value stays valid, in seconds; left out, forever. Feast's rule: inside when event_ts >= entity_ts - ttl. */
  ttlSeconds: z.number().positive().refine(Number.isFinite, "ttlSeconds must be finite").optional(),
});

export type FeatureView = z.infer<typeof featureViewSchema>;

/**
 * Checks a view definition's shape, naming the view and field at fault.
 * @example
 * const view = parseFeatureView({ name: "user_stats", entities: ["user_id"], eventTimestamp: "ts", features: ["orders_7d"], ttlSeconds: 86_400 });
 */
export function parseFeatureView(input: unknown): FeatureView {
  const parsed = featureViewSchema.safeParse(input);
  if (!parsed.success) {
    const label = typeof (input as { name?: unknown })?.name === "string" ? ` "${(input as { name: string }).name}"` : "";
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "view"}: ${i.message}`);
    throw new FeatureError("invalid_definition", `invalid feature view${label}: ${problems.join("; ")}`, { problems });
  }
  const view = parsed.data;
  const named = [...view.entities, view.eventTimestamp, ...(view.createdTimestamp ? [view.createdTimestamp] : []), ...view.features];
  const repeated = named.filter((n, i) => named.indexOf(n) !== i);
  if (repeated.length > 0) {
    throw new FeatureError("invalid_definition", `feature view "${view.name}" names a column twice: ${[...new Set(repeated)].join(", ")}`, { columns: repeated });
  }
  return view;
}

/**
 * The view's columns in a dataset, checked: present, timestamps temporal.
 * @example
 * const { entities, eventTimestamp, features } = resolveViewColumns(view, data);
 */
export function resolveViewColumns(view: FeatureView, data: Dataset): {
  entities: ColumnSchema[]; eventTimestamp: ColumnSchema; createdTimestamp: ColumnSchema | null; features: ColumnSchema[];
} {
  const missing = [...view.entities, view.eventTimestamp, ...(view.createdTimestamp ? [view.createdTimestamp] : []), ...view.features].filter((n) => !data.column(n));
  if (missing.length > 0) {
    throw new FeatureError("schema_mismatch", `feature view "${view.name}": its data lacks column(s) ${missing.join(", ")}`, { view: view.name, columns: missing });
  }
  const eventTimestamp = requireTemporal(view, data.column(view.eventTimestamp)!);
  const createdTimestamp = view.createdTimestamp ? requireTemporal(view, data.column(view.createdTimestamp)!) : null;
  return { entities: view.entities.map((n) => data.column(n)!), eventTimestamp, createdTimestamp, features: view.features.map((n) => data.column(n)!) };
}

/**
 * Refuses a column that is not a date or timestamp.
 * @example
 * requireTemporal(view, data.column("ts")!);
 */
export function requireTemporal(view: { name: string }, column: ColumnSchema): ColumnSchema {
  const kind = kindOfColumn(column);
  if (kind !== "date" && kind !== "timestamp") {
    throw new FeatureError("schema_mismatch", `"${view.name}": column "${column.name}" is ${column.type}; it must be a date or timestamp`, { column: column.name });
  }
  return column;
}

/**
 * Refuses join keys whose kinds differ between the entity rows and a view (an integer id never equals a text id).
 * @example
 * requireSameKeyKinds(view, entityColumns, viewColumns);
 */
export function requireSameKeyKinds(view: FeatureView, left: readonly ColumnSchema[], right: readonly ColumnSchema[]): void {
  left.forEach((l, i) => {
    const r = right[i]!;
    if (kindOfColumn(l) !== kindOfColumn(r) || kindOfColumn(l) === null) {
      throw new FeatureError("schema_mismatch", `feature view "${view.name}": key "${l.name}" is ${l.type} in the entity rows but ${r.type} in the view`, { view: view.name, column: l.name });
    }
  });
}
