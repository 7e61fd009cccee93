import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from "react";
import { errorMessage } from "@/app/_lib/api";

/**
 * A list a dialog shows, read when it opens and again on `reload`; null
 * until the first read answers. A failed read reports through `onError`
 * and keeps what was shown. `fetch` must be stable (useCallback), or every
 * render reads again.
 */
export function useLoaded<T>(
  fetch: () => Promise<T>,
  onError: (message: string) => void,
): [T | null, Dispatch<SetStateAction<T | null>>, () => Promise<void>] {
  const [value, setValue] = useState<T | null>(null);
  const reload = useCallback(async () => {
    try {
      setValue(await fetch());
    } catch (e) {
      onError(errorMessage(e));
    }
  }, [fetch, onError]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return [value, setValue, reload];
}
