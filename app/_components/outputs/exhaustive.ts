/**
 * The `default` of a switch that must name every member of a union: it does
 * not compile while a member is missing, and throws (caught by the output's
 * error boundary) if the document holds a value from a newer server.
 */
export function assertNever(value: never, what: string): never {
  throw new Error(`unknown ${what}: ${JSON.stringify(value)}`);
}
