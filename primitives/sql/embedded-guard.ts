import type { SqlParam, TextSession } from "../../db/text-session";
import { SqlQueryError } from "./answer";
import { DECLARE } from "./export";
import { toSqlQueryError } from "./pg-errors";

/**
 * Embedded PGlite runs a statement on the server's own thread, to its end:
 * it has no timers, so it ignores statement_timeout, and one runaway cell
 * query would hold the server for every user (2e7 rows of generate_series
 * took it six seconds here). On that store a query's plan is read first, and
 * the query refused where PGlite would work for more than about a second
 * before answering a batch of rows, or where it recurses (the planner
 * estimates a recursive CTE as a few rounds; it may never end). Rows that
 * stream are bounded by the fetch's deadline and row limit, between batches.
 * On Postgres, statement_timeout does all this and more; nothing is checked.
 */

/** Planner cost units PGlite may spend before answering (it does about 44,000 a second on this machine class). */
export const EMBEDDED_MAX_COST = 50_000;

interface PlanNode {
  "Node Type": string;
  "Startup Cost": number;
  "Total Cost": number;
  "Plan Rows": number;
  Plans?: PlanNode[];
}

/** The cursor's own plan, as exportQuery declares it: its errors come in the same order, and the planner plans for the first rows. */
const EXPLAIN = `EXPLAIN (FORMAT JSON) ${DECLARE}`;

/**
 * Refuses, as a `timeout` failure, a query whose plan would hold the
 * embedded store too long; a query that does not plan fails as its own SQL
 * error, positioned in the cell's text.
 * @example
 * await checkEmbeddedPlan(session, "select count(*) from generate_series(1, 1e9)", [], 1000, "tracebook"); // throws SqlQueryError("timeout", …)
 */
export async function checkEmbeddedPlan(session: TextSession, text: string, params: readonly SqlParam[], batchRows: number, source: string): Promise<void> {
  let plan: PlanNode;
  try {
    const { rows } = await session.query(EXPLAIN + text, params);
    plan = (JSON.parse(String(rows[0]?.[0])) as Array<{ Plan: PlanNode }>)[0]!.Plan;
  } catch (error) {
    throw toSqlQueryError(error, { offset: EXPLAIN.length, source, sqlLength: text.length }) ?? error;
  }
  const advice = "the embedded store cannot stop a query once it runs; narrow it (a WHERE, a LIMIT, fewer joins), or run Tracebook on Postgres (DATABASE_URL), whose statement timeout can";
  if (containsRecursion(plan)) {
    throw new SqlQueryError("timeout", `refused a recursive query: ${advice}`, { reason: "recursive" });
  }
  const perBatch = ((plan["Total Cost"] - plan["Startup Cost"]) / Math.max(1, plan["Plan Rows"])) * Math.min(batchRows, Math.max(1, plan["Plan Rows"]));
  const cost = Math.max(plan["Startup Cost"], perBatch, materializedCost(plan));
  if (cost > EMBEDDED_MAX_COST) {
    throw new SqlQueryError("timeout", `refused a query estimated at ${Math.round(cost)} cost units before its rows arrive (at most ${EMBEDDED_MAX_COST}, about a second): ${advice}`, {
      estimatedCost: Math.round(cost),
      maxCost: EMBEDDED_MAX_COST,
    });
  }
}

/**
 * A set-returning function in FROM is run to its end into a tuple store
 * before its first row is read, whatever its node's startup cost says.
 */
function materializedCost(node: PlanNode): number {
  const own = node["Node Type"] === "Function Scan" ? node["Total Cost"] : 0;
  return Math.max(own, ...(node.Plans ?? []).map(materializedCost));
}

function containsRecursion(node: PlanNode): boolean {
  return node["Node Type"] === "Recursive Union" || (node.Plans ?? []).some(containsRecursion);
}
