"use client";

import { useCallback, useState } from "react";
import { useLoaded } from "@/app/_components/useLoaded";
import { api } from "./api";

/**
 * Loads a list from a GET endpoint that answers `{ [key]: T[] }`, and
 * reloads it on demand. `items` is null until the first answer.
 *
 * @example
 * const { items: tokens, error, reload } = useApiList<ApiTokenView>("/api/tokens", "tokens");
 */
export function useApiList<T>(path: string, key: string) {
  const [error, setError] = useState("");
  const fetchList = useCallback(async () => (await api<Record<string, T[]>>("GET", path))[key] ?? [], [path, key]);
  const [items, , reload] = useLoaded<T[]>(fetchList, setError);
  return { items, error, setError, reload };
}
