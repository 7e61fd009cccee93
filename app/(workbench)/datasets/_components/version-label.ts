/** A version hash as people compare them: its first 12 hex digits (as the lineage graph labels it). */
export function shortVersion(version: string): string {
  return version.slice(0, 12);
}
