/** Durations and sizes as people read them; used by outputs and the execution state. */

const counts = new Intl.NumberFormat("en-US");

/**
 * A duration in milliseconds, short: "850 ms", "1.2 s", "14 s", "2 min 5 s", "1 h 3 min".
 *
 * @example
 * formatDuration(1234) // "1.2 s"
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 59_500) return `${(ms / 1000).toFixed(ms < 9_950 ? 1 : 0)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) {
    const s = seconds % 60;
    return s === 0 ? `${Math.floor(seconds / 60)} min` : `${Math.floor(seconds / 60)} min ${s} s`;
  }
  const minutes = Math.round(seconds / 60);
  const m = minutes % 60;
  return m === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${m} min`;
}

/**
 * A byte count in binary units: "512 B", "1.5 KB", "12 MB".
 *
 * @example
 * formatBytes(1536) // "1.5 KB"
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? Number(value.toFixed(1)) : Math.round(value)} ${units[unit]}`;
}

/**
 * A count with thousands separators.
 *
 * @example
 * formatCount(12345) // "12,345"
 */
export function formatCount(n: number): string {
  return counts.format(n);
}
