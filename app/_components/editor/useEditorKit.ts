"use client";

import { useEffect, useState } from "react";
import { loadEditorKit, type EditorKit } from "./monaco-kit";

/**
 * Monaco and y-monaco once loaded from the bundle, or the load error.
 *
 * @example
 * const { kit, error } = useEditorKit();
 */
export function useEditorKit(): { kit: EditorKit | null; error: string | null } {
  const [kit, setKit] = useState<EditorKit | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadEditorKit().then(
      (loaded) => live && setKit(loaded),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  return { kit, error };
}
