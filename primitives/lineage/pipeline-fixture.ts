import { createHash, randomUUID } from "node:crypto";
import type { LineageEventInput } from "./event";

/**
 * Test data (used by the lineage tests only): the events of a small notebook
 * pipeline. Notebook A runs load -> clean -> split under one notebook run;
 * notebook B's `train` cell reads A's training split and writes a model.
 */
export const hash = (text: string) => createHash("sha256").update(text).digest("hex");

export interface PipelineFixture {
  notebookA: string;
  notebookB: string;
  runs: { notebook: string; load: string; clean: string; split: string; train: string };
  versions: { raw: string; clean: string; train: string; test: string; model: string };
  events: LineageEventInput[];
}

export function buildPipeline(actorId: string = randomUUID()): PipelineFixture {
  const notebookA = randomUUID();
  const notebookB = randomUUID();
  const tag = notebookA.slice(0, 8);
  const runs = { notebook: randomUUID(), load: randomUUID(), clean: randomUUID(), split: randomUUID(), train: randomUUID() };
  const versions = { raw: hash(`raw${tag}`), clean: hash(`clean${tag}`), train: hash(`train${tag}`), test: hash(`test${tag}`), model: hash(`model${tag}`) };
  let second = 0;
  const at = () => new Date(Date.UTC(2026, 10, 25, 12, 0, second++)).toISOString();
  const ds = (name: string, version: string, facets: Record<string, unknown> = {}) => ({ namespace: `file://${tag}`, name, version, facets });
  const cell = (notebookId: string, cellId: string, runId: string, parentRunId: string | undefined, source: string) => ({
    run: { runId, parentRunId, facets: { sourceCode: { language: "TypeScript", sourceCode: source }, parameters: { cell: cellId } } },
    job: { namespace: "tracebook", name: `${notebookId}/${cellId}`, kind: "cell" as const, notebookId, cellId },
    actorId,
  });
  const notebookJob = { namespace: "tracebook", name: notebookA, kind: "notebook" as const, notebookId: notebookA };
  const schema = { fields: [{ name: "id", type: "int64", nullable: false }, { name: "amount", type: "float64" }] };
  const events: LineageEventInput[] = [
    { eventType: "START", eventTime: at(), run: { runId: runs.notebook }, job: notebookJob, actorId },
    { eventType: "START", eventTime: at(), ...cell(notebookA, "load", runs.load, runs.notebook, "const raw = data.csv('raw.csv')") },
    { eventType: "COMPLETE", eventTime: at(), ...cell(notebookA, "load", runs.load, runs.notebook, "const raw = data.csv('raw.csv')"), outputs: [ds("raw", versions.raw, { schema, rowCount: 100 })] },
    { eventType: "START", eventTime: at(), ...cell(notebookA, "clean", runs.clean, runs.notebook, "const clean = raw.dropNulls()"), inputs: [ds("raw", versions.raw)] },
    {
      eventType: "COMPLETE",
      eventTime: at(),
      ...cell(notebookA, "clean", runs.clean, runs.notebook, "const clean = raw.dropNulls()"),
      inputs: [ds("raw", versions.raw, { dataQuality: { rowCount: 100, assertions: [{ assertion: "not_null", column: "amount", success: false, failingCount: 3 }] } })],
      outputs: [ds("clean", versions.clean, { schema, rowCount: 97 })],
    },
    { eventType: "START", eventTime: at(), ...cell(notebookA, "split", runs.split, runs.notebook, "const [train, test] = clean.split(0.8)") },
    {
      eventType: "COMPLETE",
      eventTime: at(),
      ...cell(notebookA, "split", runs.split, runs.notebook, "const [train, test] = clean.split(0.8)"),
      inputs: [ds("clean", versions.clean)],
      outputs: [ds("train", versions.train, { schema, rowCount: 78 }), ds("test", versions.test, { schema, rowCount: 19 })],
    },
    { eventType: "COMPLETE", eventTime: at(), run: { runId: runs.notebook }, job: notebookJob, actorId },
    { eventType: "START", eventTime: at(), ...cell(notebookB, "train", runs.train, undefined, "const model = fit(train)") },
    {
      eventType: "FAIL",
      eventTime: at(),
      ...cell(notebookB, "train", runs.train, undefined, "const model = fit(train)"),
      run: { runId: runs.train, facets: { errorMessage: { message: "diverged", programmingLanguage: "TypeScript", stackTrace: "at cell-train.js:1:1" } } },
      inputs: [ds("train", versions.train)],
      outputs: [{ ...ds("model", versions.model), kind: "model" }],
    },
  ];
  return { notebookA, notebookB, runs, versions, events };
}
