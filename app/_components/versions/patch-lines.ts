/** One line of a unified diff as the diff view draws it. */
export interface PatchLine {
  kind: "added" | "removed" | "context" | "hunk" | "note";
  text: string;
}

/**
 * The lines of a unified diff (as the versions API sends it), without the
 * file header: "+" added, "-" removed, " " context, "@@" hunk starts and
 * "\ No newline" notes; the sign is dropped from the text. A cell's last
 * line has no newline, so adding a line after it shows as that line removed
 * and added again; such a pair is shown as the unchanged line it is.
 *
 * @example
 * parsePatch("--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n") // [hunk, removed "x", added "y"]
 */
export function parsePatch(patch: string): PatchLine[] {
  return withoutNewlineOnlyChanges(readLines(patch));
}

function readLines(patch: string): PatchLine[] {
  const lines = patch.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const body = lines.findIndex((line) => line.startsWith("@@"));
  if (body < 0) return [];
  return lines.slice(body).map((line): PatchLine => {
    if (line.startsWith("@@")) return { kind: "hunk", text: line };
    if (line.startsWith("+")) return { kind: "added", text: line.slice(1) };
    if (line.startsWith("-")) return { kind: "removed", text: line.slice(1) };
    if (line.startsWith("\\")) return { kind: "note", text: line.slice(1).trim() };
    return { kind: "context", text: line.slice(1) };
  });
}

/** `-x`, `\ No newline`, `+x` in a row is the same line gaining a newline: one context line. */
function withoutNewlineOnlyChanges(lines: PatchLine[]): PatchLine[] {
  const out: PatchLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const [line, note, again] = [lines[i]!, lines[i + 1], lines[i + 2]];
    if (line.kind === "removed" && note?.kind === "note" && again?.kind === "added" && again.text === line.text) {
      out.push({ kind: "context", text: line.text });
      i += 2;
    } else out.push(line);
  }
  return out;
}
