import type { Readable } from "node:stream";

/**
 * Content-addressed, immutable blobs. An artifact's id is the sha256 of its
 * bytes (64 lowercase hex digits), so identical content always has the
 * identical id and a stored artifact can never change. The file system store
 * (`fs-store.ts`) is the default; an S3-compatible store implements the same
 * interface (see README.md).
 */
declare const artifactBrand: unique symbol;
export type ArtifactId = string & { readonly [artifactBrand]: "ArtifactId" };

export interface ArtifactInfo {
  id: ArtifactId;
  /** Bytes. */
  size: number;
}

export type ArtifactSource = Uint8Array | AsyncIterable<Uint8Array> | Readable;

export interface PutOptions {
  /** Refuse content past this many bytes (ArtifactTooLargeError); nothing is stored. */
  maxBytes?: number;
}

export interface ArtifactStore {
  /**
   * Streams the content in, hashing as it goes; the artifact becomes visible
   * only once it is complete and durable. A failed or interrupted source leaves
   * nothing behind.
   */
  put(content: ArtifactSource, options?: PutOptions): Promise<ArtifactInfo>;
  /** The content as a stream; ArtifactNotFoundError when absent. */
  get(id: string): Promise<Readable>;
  has(id: string): Promise<boolean>;
  /** Size of a stored artifact, or null. */
  stat(id: string): Promise<ArtifactInfo | null>;
}

const ID = /^[0-9a-f]{64}$/;

/** Checks an id's shape before it reaches a path or a key (no traversal, no guessing). */
export function parseArtifactId(raw: string): ArtifactId {
  if (!ID.test(raw)) throw new InvalidArtifactIdError(raw);
  return raw as ArtifactId;
}

export class InvalidArtifactIdError extends Error {
  constructor(raw: string) {
    super(`"${raw.slice(0, 80)}" is not an artifact id (a sha256 in 64 lowercase hex digits)`);
    this.name = "InvalidArtifactIdError";
  }
}

export class ArtifactNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`artifact ${id} not found`);
    this.name = "ArtifactNotFoundError";
  }
}

export class ArtifactTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`artifact larger than the limit of ${maxBytes} bytes`);
    this.name = "ArtifactTooLargeError";
  }
}
