/**
 * Source map v3 for compiled cells: the JSON shape, the base64 VLQ codec of
 * `mappings`, and position lookup. Small enough to own rather than depend on
 * a source-map package.
 */

/** A source map as plain JSON: generated cell JS -> the cell's TypeScript source. */
export interface CellSourceMap {
  version: 3;
  file: string;
  sources: string[];
  sourcesContent: string[];
  names: string[];
  mappings: string;
}

/**
 * One decoded segment, all fields 0-based and absolute: generated column,
 * then (when mapped) source index, original line, original column and
 * optionally a name index.
 */
export type Segment = number[];

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUES = new Map([...BASE64].map((char, index) => [char, index]));

function encodeVlq(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = "";
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
}

/** Decodes one segment's fields (relative values) from `text`. */
function decodeVlqs(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64_VALUES.get(char);
    if (digit === undefined) throw new Error(`invalid source map character ${JSON.stringify(char)}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  // Fields other than the generated column are relative across the whole map.
  const state = [0, 0, 0, 0, 0];
  for (const lineText of mappings.split(";")) {
    const line: Segment[] = [];
    state[0] = 0;
    for (const segmentText of lineText.split(",")) {
      if (segmentText === "") continue;
      const fields = decodeVlqs(segmentText);
      const segment = fields.map((delta, index) => {
        state[index] = (state[index] ?? 0) + delta;
        return state[index] ?? 0;
      });
      line.push(segment);
    }
    lines.push(line);
  }
  return lines;
}

export function encodeMappings(lines: readonly Segment[][]): string {
  const state = [0, 0, 0, 0, 0];
  return lines
    .map((line) => {
      state[0] = 0;
      return [...line]
        .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))
        .map((segment) =>
          segment
            .map((value, index) => {
              const delta = value - (state[index] ?? 0);
              state[index] = value;
              return encodeVlq(delta);
            })
            .join(""),
        )
        .join(",");
    })
    .join(";");
}

const decodedMaps = new WeakMap<CellSourceMap, Segment[][]>();

function decodeCached(map: CellSourceMap): Segment[][] {
  let lines = decodedMaps.get(map);
  if (!lines) {
    lines = decodeMappings(map.mappings).map((line) => line.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)));
    decodedMaps.set(map, lines);
  }
  return lines;
}

export interface OriginalPosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  name?: string;
}

/**
 * The original position of a generated one (both 1-based, as V8 reports
 * stack frames): the closest mapped segment at or before the column on that
 * generated line, or null when nothing there is mapped.
 */
export function findOriginalPosition(map: CellSourceMap, line: number, column: number): OriginalPosition | null {
  const segments = decodeCached(map)[line - 1];
  if (!segments) return null;
  let found: Segment | undefined;
  for (const segment of segments) {
    if ((segment[0] ?? 0) > column - 1) break;
    found = segment;
  }
  if (!found || found.length < 4) return null;
  const [, , originalLine = 0, originalColumn = 0, nameIndex] = found;
  const name = nameIndex === undefined ? undefined : map.names[nameIndex];
  return { line: originalLine + 1, column: originalColumn + 1, ...(name === undefined ? {} : { name }) };
}
