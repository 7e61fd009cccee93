import type { z } from "zod";
import { AppError } from "./errors";

/**
 * Validates a decoded value against a schema; an `invalid_body` (400) names
 * every problem with its path. Used by the API's body reader and by services
 * that take input from cells.
 *
 * @example
 * const run = parseInput(endRunBody, { status: "FINISHED" });
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message));
    throw new AppError("invalid_body", problems.join("; "));
  }
  return parsed.data;
}
