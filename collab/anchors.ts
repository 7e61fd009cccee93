import * as Y from "yjs";
import { AppError } from "../protocol/errors";
import { cellSource } from "./doc";

export interface AnchorRange {
  start: Uint8Array;
  end: Uint8Array;
}

/**
 * Checks where a new thread points: the cell must exist in the document,
 * and a range must be two well-formed Y.RelativePositions inside that cell's
 * source text, start not after end. A position naming text the server has
 * not seen yet (the author's latest keystrokes may still be in flight) is
 * accepted, since it will resolve once that text arrives.
 *
 * @example
 * checkAnchors(doc, cellId, { start: decodeBase64(body.anchorStart), end: decodeBase64(body.anchorEnd) });
 */
export function checkAnchors(doc: Y.Doc, cellId: string, range: AnchorRange | null): void {
  const source = cellSource(doc, cellId);
  if (!source) throw new AppError("not_found", `cell ${cellId} is not in this notebook`);
  if (!range) return;
  const start = resolveIndex(doc, source, range.start, "anchorStart");
  const end = resolveIndex(doc, source, range.end, "anchorEnd");
  if (start !== null && end !== null && start > end) {
    throw new AppError("invalid_body", "anchorStart: must not come after anchorEnd");
  }
}

/** The absolute index of a position in `source`, or null when it names text not seen yet. */
function resolveIndex(doc: Y.Doc, source: Y.Text, bytes: Uint8Array, field: string): number | null {
  let position: Y.RelativePosition;
  try {
    position = Y.decodeRelativePosition(bytes);
    // Trailing bytes, an unknown tag or a lossy decode mean it was not an encoded position.
    if (!haveSameBytes(Y.encodeRelativePosition(position), bytes)) throw buildNotAPosition(field);
  } catch {
    throw buildNotAPosition(field);
  }
  if (position.tname !== null) {
    throw new AppError("invalid_body", `${field}: must point into the cell's text, not a top-level type`);
  }
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute) return null;
  if (absolute.type !== source) throw new AppError("invalid_body", `${field}: points outside the cell's text`);
  return absolute.index;
}

function buildNotAPosition(field: string): AppError {
  return new AppError("invalid_body", `${field}: is not an encoded Y.RelativePosition`);
}

function haveSameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}
