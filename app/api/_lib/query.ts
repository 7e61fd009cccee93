/**
 * A request's query string as an object for schema validation: each name
 * once (its last value), except the names in `arrays`, which keep every value.
 *
 * @example
 * queryObject(request, ["orderBy"]); // ?orderBy=a&orderBy=b&filter=x -> { orderBy: ["a", "b"], filter: "x" }
 */
export function queryObject(request: Request, arrays: readonly string[] = []): Record<string, string | string[]> {
  const params = new URL(request.url).searchParams;
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) out[name] = arrays.includes(name) ? params.getAll(name) : params.get(name)!;
  return out;
}
