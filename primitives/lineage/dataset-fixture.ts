import { randomUUID } from "node:crypto";
import type { LineageEventInput } from "./event";
import type { ProfileFacetInput, SampleFacetInput } from "./facets";
import { hash } from "./pipeline-fixture";

/**
 * Test data (used by tests only): the history of one dataset. In notebook A the
 * `load` cell writes `customers` twice: v1 (id, name; no profile or sample) and,
 * ten seconds later, v2 (name became nullable, email added) with the profile and
 * sample facets. In notebook B the `features` cell reads v2 and writes `features`.
 * Statistics of v2 are hand-computed from its four rows (see `v2Rows`).
 */
export interface DatasetHistory {
  notebookA: string;
  notebookB: string;
  namespace: string;
  runs: { loadV1: string; loadV2: string; features: string };
  versions: { v1: string; v2: string; features: string };
  events: LineageEventInput[];
}

export const v2Rows: unknown[][] = [
  [1, "Ada", "ada@example.org"],
  [2, "Grace", "grace@example.org"],
  [3, "Linus", null],
  [4, "Ada", "ada2@example.org"],
];

export const v2Profile: ProfileFacetInput = {
  methods: { quantiles: "exact", distinct: "exact" },
  columns: [
    {
      name: "id",
      type: "BIGINT",
      count: 4,
      nulls: 0,
      distinct: 4,
      min: 1,
      max: 4,
      mean: 2.5,
      // sqrt(((1.5² + 0.5²) · 2) / 3)
      std: Math.sqrt(5 / 3),
      quantiles: { p25: 1.75, p50: 2.5, p75: 3.25 },
      histogram: { kind: "bins", bins: [{ start: 1, end: 2.5, count: 2 }, { start: 2.5, end: 4, count: 2 }] },
    },
    {
      name: "name",
      type: "VARCHAR",
      count: 4,
      nulls: 0,
      distinct: 3,
      min: "Ada",
      max: "Linus",
      histogram: { kind: "values", values: [{ value: "Ada", count: 2 }, { value: "Grace", count: 1 }, { value: "Linus", count: 1 }], otherCount: 0 },
    },
    { name: "email", type: "VARCHAR", count: 3, nulls: 1, distinct: 3, min: "ada2@example.org", max: "grace@example.org" },
  ],
};

export const v2Sample: SampleFacetInput = { columns: ["id", "name", "email"], rows: v2Rows, truncated: false };

export const v1Schema = { fields: [{ name: "id", type: "BIGINT", nullable: false }, { name: "name", type: "VARCHAR", nullable: false }] };
export const v2Schema = {
  fields: [
    { name: "id", type: "BIGINT", nullable: false },
    { name: "name", type: "VARCHAR", nullable: true },
    { name: "email", type: "VARCHAR", nullable: true },
  ],
};

export function buildDatasetHistory(options: { notebookA?: string; notebookB?: string; actorId?: string; name?: string } = {}): DatasetHistory {
  const notebookA = options.notebookA ?? randomUUID();
  const notebookB = options.notebookB ?? randomUUID();
  const actorId = options.actorId ?? randomUUID();
  const tag = randomUUID().slice(0, 8);
  const namespace = `duckdb://${tag}`;
  const name = options.name ?? "customers";
  const runs = { loadV1: randomUUID(), loadV2: randomUUID(), features: randomUUID() };
  const versions = { v1: hash(`customers-v1-${tag}`), v2: hash(`customers-v2-${tag}`), features: hash(`features-${tag}`) };
  const at = (second: number) => new Date(Date.UTC(2026, 10, 25, 9, 0, second)).toISOString();
  const cell = (notebookId: string, cellId: string, runId: string) => ({
    run: { runId, facets: { sourceCode: { language: "TypeScript", sourceCode: `// ${cellId}` } } },
    job: { namespace: "tracebook", name: `${notebookId}/${cellId}`, kind: "cell" as const, notebookId, cellId },
    actorId,
  });
  const customers = (version: string, facets: Record<string, unknown>) => ({ namespace, name, version, facets });
  const events: LineageEventInput[] = [
    { eventType: "START", eventTime: at(0), ...cell(notebookA, "load", runs.loadV1) },
    { eventType: "COMPLETE", eventTime: at(1), ...cell(notebookA, "load", runs.loadV1), outputs: [customers(versions.v1, { schema: v1Schema, rowCount: 3 })] },
    { eventType: "START", eventTime: at(10), ...cell(notebookA, "load", runs.loadV2) },
    {
      eventType: "COMPLETE",
      eventTime: at(11),
      ...cell(notebookA, "load", runs.loadV2),
      outputs: [customers(versions.v2, { schema: v2Schema, rowCount: 4, tracebook_profile: v2Profile, tracebook_sample: v2Sample })],
    },
    { eventType: "START", eventTime: at(20), ...cell(notebookB, "features", runs.features), inputs: [customers(versions.v2, {})] },
    {
      eventType: "COMPLETE",
      eventTime: at(21),
      ...cell(notebookB, "features", runs.features),
      inputs: [customers(versions.v2, {})],
      outputs: [{ namespace, name: `${name}_features`, version: versions.features, facets: { rowCount: 4 } }],
    },
  ];
  return { notebookA, notebookB, namespace, runs, versions, events };
}
