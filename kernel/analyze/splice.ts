import { type Segment } from "./sourcemap";

/** Text to put into generated code before the character at `offset`. */
export interface Insertion {
  offset: number;
  text: string;
}

function listLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function findLine(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Splices insertions into generated code and moves the generated side of its
 * source map with them, so the map still points every token of the new text
 * at its original position. Text at an insertion's offset moves after it.
 */
export function spliceGenerated(
  text: string,
  mappings: readonly Segment[][],
  insertions: readonly Insertion[],
): { text: string; mappings: Segment[][] } {
  const sorted = [...insertions].sort((a, b) => a.offset - b.offset);
  let spliced = "";
  let cursor = 0;
  for (const insertion of sorted) {
    spliced += text.slice(cursor, insertion.offset) + insertion.text;
    cursor = insertion.offset;
  }
  spliced += text.slice(cursor);

  const oldStarts = listLineStarts(text);
  const newStarts = listLineStarts(spliced);
  const shift = (offset: number): number =>
    offset + sorted.filter((insertion) => insertion.offset <= offset).reduce((sum, i) => sum + i.text.length, 0);
  const moved: Segment[][] = newStarts.map(() => []);
  mappings.forEach((segments, line) => {
    for (const segment of segments) {
      const newOffset = shift((oldStarts[line] ?? text.length) + (segment[0] ?? 0));
      const newLine = findLine(newStarts, newOffset);
      moved[newLine]?.push([newOffset - (newStarts[newLine] ?? 0), ...segment.slice(1)]);
    }
  });
  return { text: spliced, mappings: moved };
}
