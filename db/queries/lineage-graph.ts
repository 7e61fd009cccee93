import { and, eq, inArray, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { lineageEdges, lineageNodes } from "../schema/lineage";
import type { Executor } from "./executor";

export interface NodeKey {
  kind: string;
  id: string;
}

export type LineageNodeRow = typeof lineageNodes.$inferSelect;
export type LineageEdgeRow = Pick<typeof lineageEdges.$inferSelect, "srcKind" | "srcId" | "dstKind" | "dstId" | "relation" | "facets">;

const CHUNK = 500;

function keyList(kindColumn: AnyColumn, idColumn: AnyColumn, keys: readonly NodeKey[]): SQL {
  return sql`(${kindColumn}, ${idColumn}) in (${sql.join(
    keys.map((k) => sql`(${k.kind}, ${k.id})`),
    sql`, `,
  )})`;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export async function findLineageNodes(db: Executor, keys: readonly NodeKey[]): Promise<LineageNodeRow[]> {
  const rows: LineageNodeRow[] = [];
  for (const part of chunks(keys)) {
    rows.push(...(await db.select().from(lineageNodes).where(keyList(lineageNodes.kind, lineageNodes.id, part))));
  }
  return rows;
}

/** Job nodes of one notebook: the roots of a notebook's lineage. */
export async function findNotebookJobNodes(db: Executor, notebookId: string): Promise<LineageNodeRow[]> {
  return db
    .select()
    .from(lineageNodes)
    .where(and(eq(lineageNodes.notebookId, notebookId), eq(lineageNodes.kind, "job")));
}

/** Edges of the given relations whose `side` end is one of `keys`. */
export async function findLineageEdges(
  db: Executor,
  side: "src" | "dst",
  keys: readonly NodeKey[],
  relations: readonly string[],
): Promise<LineageEdgeRow[]> {
  const rows: LineageEdgeRow[] = [];
  const [kind, id] = side === "src" ? [lineageEdges.srcKind, lineageEdges.srcId] : [lineageEdges.dstKind, lineageEdges.dstId];
  for (const part of chunks(keys)) {
    rows.push(
      ...(await db
        .select({ srcKind: lineageEdges.srcKind, srcId: lineageEdges.srcId, dstKind: lineageEdges.dstKind, dstId: lineageEdges.dstId, relation: lineageEdges.relation, facets: lineageEdges.facets })
        .from(lineageEdges)
        .where(and(keyList(kind, id, part), inArray(lineageEdges.relation, [...relations])))),
    );
  }
  return rows;
}
