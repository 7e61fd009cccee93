"use client";

import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "./api";

/**
 * Loads a list from a GET endpoint that answers `{ [key]: T[] }`, and
 * reloads it on demand. `items` is null until the first answer.
 *
 * @example
 * const { items: tokens, error, reload } = useApiList<ApiTokenView>("/api/tokens", "tokens");
 */
export function useApiList<T>(path: string, key: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState("");

  const reload = useCallback(async () => {
    try {
      const body = await api<Record<string, T[]>>("GET", path);
      setItems(body[key] ?? []);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [path, key]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { items, error, setError, reload };
}
