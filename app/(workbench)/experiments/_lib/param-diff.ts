import type { KeyValue } from "@/protocol/experiments";

export interface DiffRow {
  key: string;
  /** One value per run, in the runs' order; null where a run did not log the key. */
  values: Array<string | null>;
  /** True when the runs do not all hold the same value (a missing value counts as different). */
  differs: boolean;
}

/**
 * Params of several runs side by side, one row per key (sorted), with the
 * rows that differ marked.
 *
 * @example
 * diffParams([[{ key: "lr", value: "0.1" }], [{ key: "lr", value: "0.2" }]]);
 * // [{ key: "lr", values: ["0.1", "0.2"], differs: true }]
 */
export function diffParams(runs: ReadonlyArray<readonly KeyValue[]>): DiffRow[] {
  const keys = [...new Set(runs.flatMap((params) => params.map((p) => p.key)))].sort();
  return keys.map((key) => {
    const values = runs.map((params) => params.find((p) => p.key === key)?.value ?? null);
    return { key, values, differs: new Set(values).size > 1 };
  });
}
