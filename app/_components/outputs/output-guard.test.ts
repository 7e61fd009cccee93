import { expect, test } from "vitest";
import type { CellOutput } from "@/protocol/outputs";
import { isCellOutput } from "./output-guard";

const good: CellOutput[] = [
  { type: "stream", name: "stdout", text: "hi\n" },
  { type: "value", value: { t: "number", v: 1 } },
  { type: "table", columns: ["a"], rows: [[1], [null]], total: 2, pageSize: 10 },
  { type: "chart", spec: { mark: "bar" } },
  { type: "markdown", text: "# t" },
  { type: "html", html: "<b>b</b>" },
  { type: "progress", id: "p", label: "epochs", value: 3, total: null, done: false },
  { type: "error", error: { kind: "internal", errorId: "x" } },
  { type: "truncated", omittedOutputs: 3, omittedBytes: 100, limitBytes: 1000 },
];

test("every output type of the contract is accepted", () => {
  expect(new Set(good.map((o) => o.type)).size).toBe(9);
  for (const output of good) expect(isCellOutput(output), output.type).toBe(true);
});

test("malformed and unknown entries are refused", () => {
  const bad: unknown[] = [
    null,
    "text",
    [],
    { type: "stream", name: "stdin", text: "" },
    { type: "stream", name: "stdout" },
    { type: "value", value: 1 },
    { type: "table", columns: ["a"], rows: [1], total: 1, pageSize: 10 },
    { type: "chart", spec: "bar" },
    { type: "progress", id: "p", label: "l", value: Number.NaN, total: null, done: false },
    { type: "error", error: { kind: "quota" } },
    { type: "toString" },
    { type: "video", src: "x" },
  ];
  for (const value of bad) expect(isCellOutput(value), JSON.stringify(value)).toBe(false);
});
