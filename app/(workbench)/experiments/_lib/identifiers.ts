/** What the search language reads unquoted after `metrics.` and friends (the rest goes in backticks). */
const PLAIN_KEY = /^[\p{L}_][\p{L}\p{N}_.\-/:]*$/u;

export type ColumnEntity = "attributes" | "params" | "metrics" | "tags";

/**
 * The search-language identifier for a key, quoted when it must be.
 *
 * @example
 * identifier("metrics", "val/loss");  // "metrics.val/loss"
 * identifier("metrics", "f1 score");  // "metrics.`f1 score`"
 */
export function identifier(entity: ColumnEntity, key: string): string {
  return PLAIN_KEY.test(key) && !key.endsWith(".") ? `${entity}.${key}` : `${entity}.\`${key.replaceAll("`", "``")}\``;
}
