import type { z } from "zod";
import { FeatureError } from "./errors";

/**
 * Checks a request the server received from a kernel (plain JSON, from user
 * code), failing with the first problems and their paths.
 * @example
 * const { view } = parseRequest(listSchema, request, "offline versions request");
 */
export function parseRequest<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((i) => `${i.path.map(String).join(".") || what}: ${i.message}`);
    throw new FeatureError("invalid_argument", `bad ${what}: ${problems.join("; ")}`, { problems });
  }
  return parsed.data;
}
