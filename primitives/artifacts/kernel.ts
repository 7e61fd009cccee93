import type { ArtifactStore } from "./store";

/** The variable through which the kernel manager tells its children where the artifact store lives. */
export const ARTIFACTS_DIR_ENV = "TRACEBOOK_ARTIFACTS_DIR";

let store: Promise<ArtifactStore | null> | null = null;

/**
 * The artifact store a kernel child writes models, feature sets and reports
 * to: the server's own folder (same machine, content-addressed, so the two
 * never disagree). Null when the kernel was started without one.
 *
 * @example
 * const artifacts = await kernelArtifacts();
 */
export function kernelArtifacts(): Promise<ArtifactStore | null> {
  store ??= (async () => {
    const root = process.env[ARTIFACTS_DIR_ENV];
    if (!root) return null;
    const { createFileArtifactStore } = await import("./fs-store");
    return createFileArtifactStore({ root });
  })();
  return store;
}
