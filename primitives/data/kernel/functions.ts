import type { KernelHostFunction } from "../../../kernel/process/host";
import type { EngineSource } from "./call";
import { createIoFunctions } from "./io-functions";
import { createSqlFunctions } from "./sql-functions";
import { createTransformFunctions } from "./transform-functions";

/**
 * Every `data.*` host function over one engine; the cell-facing
 * declarations are primitives/types/data.d.ts.
 * @example
 * const functions = createDataFunctions(() => DataEngine.open());
 */
export function createDataFunctions(engine: EngineSource): Record<string, KernelHostFunction> {
  return { ...createIoFunctions(engine), ...createSqlFunctions(engine), ...createTransformFunctions(engine) };
}
