import { DOUBLE, DuckDBScalarFunction } from "@duckdb/node-api";
import type { DataEngine } from "../data/engine";

/**
 * SQL functions the offline path calls so it computes exactly what the
 * online path does. DuckDB's `ln` is the C library's and V8's `Math.log` is
 * its own: on random doubles about one value in a hundred differs in the
 * last bit. The offline path therefore calls V8's, through a scalar function
 * DuckDB runs once per vector (2048 rows).
 */
export const LN_FUNCTION = "tb_features_ln";

const registered = new WeakSet<DataEngine>();

/**
 * Registers the feature functions on an engine, once.
 * @example
 * ensureFeatureFunctions(engine);
 * await engine.query(`SELECT ${LN_FUNCTION}(2.0) AS l`); // [{ l: Math.log(2) }]
 */
export function ensureFeatureFunctions(engine: DataEngine): void {
  if (registered.has(engine)) return;
  engine.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: LN_FUNCTION,
      returnType: DOUBLE,
      parameterTypes: [DOUBLE],
      mainFunction: (_info, input, output) => {
        const values = input.getColumnValues(0);
        values.forEach((value, i) => output.setItem(i, typeof value === "number" ? Math.log(value) : null));
        output.flush();
      },
    }),
  );
  registered.add(engine);
}
