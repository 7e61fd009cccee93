import { formatPatch, FILE_HEADERS_ONLY, structuredPatch } from "diff";
import { expect, test } from "vitest";
import { parsePatch } from "./patch-lines";

test("a patch as the server makes it: header dropped, signs read, hunks kept", () => {
  const patch = (before: string, after: string) =>
    formatPatch(structuredPatch("cell", "cell", before, after, undefined, undefined, { context: 3 }), FILE_HEADERS_ONLY);
  expect(parsePatch(patch("a\nb\nc\n", "a\nB\nc\n"))).toEqual([
    { kind: "hunk", text: "@@ -1,3 +1,3 @@" },
    { kind: "context", text: "a" },
    { kind: "removed", text: "b" },
    { kind: "added", text: "B" },
    { kind: "context", text: "c" },
  ]);
  // A line added after the last one: the last line only gains a newline, which is not a change worth showing.
  expect(parsePatch(patch("a\nb", "a\nb\nc"))).toEqual([
    { kind: "hunk", text: "@@ -1,2 +1,3 @@" },
    { kind: "context", text: "a" },
    { kind: "context", text: "b" },
    { kind: "added", text: "c" },
    { kind: "note", text: "No newline at end of file" },
  ]);
  // A last line that really changed stays removed and added.
  expect(parsePatch(patch("a\nb", "a\nc")).slice(1)).toEqual([
    { kind: "context", text: "a" },
    { kind: "removed", text: "b" },
    { kind: "note", text: "No newline at end of file" },
    { kind: "added", text: "c" },
    { kind: "note", text: "No newline at end of file" },
  ]);
});

test("lines that look like a header inside a hunk are content", () => {
  expect(parsePatch("--- a\n+++ b\n@@ -1 +1 @@\n--- x\n+++ y\n")).toEqual([
    { kind: "hunk", text: "@@ -1 +1 @@" },
    { kind: "removed", text: "-- x" },
    { kind: "added", text: "++ y" },
  ]);
  expect(parsePatch("")).toEqual([]);
  expect(parsePatch("--- a\n+++ b\n")).toEqual([]);
});
