import { decodeOnlineValue, type KeyValue } from "./online-codec";
import { MAX_READ_KEYS, type OnlineStoreApi } from "./online-store";

/**
 * Reading the online store from a kernel: entity rows in, decoded values
 * out, in the order asked (null where the store holds nothing for an
 * entity). Larger requests are split into reads of at most 1,000 keys.
 */
export interface OnlineFeatures {
  key: Record<string, KeyValue>;
  /** Feature name -> value, with NaN, ±Infinity and -0 restored. */
  values: Record<string, unknown>;
  /** When the values became true (UTC, microseconds). */
  eventTs: string;
  createdTs: string | null;
}

/**
 * The latest stored values of each entity.
 * @example
 * const [u1, u9] = await getOnlineFeatures(online, "user_stats", [{ user_id: "u1" }, { user_id: "u9" }]);
 * u1?.values.orders_7d; // 3
 * u9; // null: never materialized
 */
export async function getOnlineFeatures(
  online: OnlineStoreApi, view: string, entityRows: readonly Record<string, KeyValue>[], options: { features?: string[] } = {},
): Promise<(OnlineFeatures | null)[]> {
  const out: (OnlineFeatures | null)[] = [];
  for (let i = 0; i < entityRows.length; i += MAX_READ_KEYS) {
    const { rows } = await online.read({ view, keys: entityRows.slice(i, i + MAX_READ_KEYS), ...(options.features ? { features: options.features } : {}) });
    for (const row of rows) {
      out.push(row === null ? null : { key: row.key, values: decodeOnlineValue(row.values) as Record<string, unknown>, eventTs: row.eventTs, createdTs: row.createdTs });
    }
  }
  return out;
}
