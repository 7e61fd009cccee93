import { StringSlice } from "./intrinsics";

/** Cuts a string to `max` characters and says how many were left out (same marker as the host's). */
export function truncateString(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${StringSlice(text, 0, max)}… [${text.length - max} more characters truncated]`;
}

/** Returns `String(value)` without letting a throwing `toString` escape. */
export function safeString(value: unknown): string {
  try {
    return `${value as string}`;
  } catch {
    return "[unprintable]";
  }
}
