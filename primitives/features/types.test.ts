import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { ArtifactStore } from "../artifacts/store";
import type { DataEngine } from "../data/engine";
import { createFeaturesHostModule } from "./host-module";
import type { OfflineCatalogApi } from "./offline-catalog";
import type { OnlineStoreApi } from "./online-store";

/** The cell-facing declarations (primitives/types/features.d.ts) against the host module and the documented uses. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DECLARATIONS = [path.join(ROOT, "primitives/types/tracebook.d.ts"), path.join(ROOT, "primitives/types/features.d.ts")];
const CELL = path.join(ROOT, "primitives/features/__virtual_cell__.ts");

function diagnosticsOf(cellSource: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true, noUncheckedIndexedAccess: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ["lib.es2022.d.ts"], types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => name === CELL || ts.sys.fileExists(name);
  host.getSourceFile = (name, language) => (name === CELL ? ts.createSourceFile(name, cellSource, language) : getSourceFile(name, language));
  const program = ts.createProgram([...DECLARATIONS, CELL], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

const CELL_USES = `
declare const train: FeaturesDatasetHandle;
declare const labels: FeaturesDatasetHandle;
export async function cell() {
  const fs = await features.fit({
    name: "churn",
    passthrough: ["user_id"],
    transforms: [
      { type: "impute", name: "age", input: "age", strategy: "constant", value: 30 },
      { type: "standardize", name: "age_z", input: "age" },
      { type: "minMax", name: "inc", input: "income", clip: true },
      { type: "log", name: "inc_log", input: "income", offset: 1 },
      { type: "bucketize", name: "age_b", input: "age", quantiles: 4 },
      { type: "oneHot", name: "plan", input: "plan", maxCategories: 5, minCount: 2 },
      { type: "dateParts", name: "seen", input: "seen_at", parts: ["month", "dayOfWeek"] },
      { type: "hash", name: "city_h", input: "city", buckets: 100, emit: false },
      { type: "cross", name: "plan_city", inputs: ["plan", "city"], buckets: 1000 },
    ],
  }, train);
  const info = await features.describe(fs);
  const again = await features.load(info.version);
  const X = await features.transform(again, train);
  const one = await features.transformOne(fs, { age: null, seen_at: new Date() });
  const view = { name: "stats", entities: ["user_id"], eventTimestamp: "ts", createdTimestamp: "created", features: ["orders"], ttlSeconds: 3600 };
  const joined = await features.pointInTimeJoin(labels, [{ view, data: X }], { entityTimestamp: "at", fullFeatureNames: true });
  const report = await features.materialize(view, joined, { start: "2024-01-01", batchSize: 100 });
  const [row] = await features.getOnline("stats", [{ user_id: 1 }], { features: ["orders"] });
  const stored = await features.writeOffline(view, joined);
  const read = await features.readOffline("stats", { version: stored.version });
  const versions = await features.offlineVersions("stats");
  const n: number = report.stored + versions.length + read.rowCount;
  return { one, row: row?.values, n, handle: read.dataset.kind };
}
`;

const MISUSES = [
  'features.fit({ name: "x", transforms: [{ type: "scale", name: "a", input: "b" }] }, train);',
  'features.fit({ name: "x", transforms: [{ type: "hash", name: "a", input: "b" }] }, train);',
  'features.fit({ name: "x", transforms: [] }, "train");',
  "features.transform(train, train);",
  'features.getOnline("stats", [{ user_id: null }]);',
  'features.pointInTimeJoin(labels, [{ view: { name: "v", entities: "id", eventTimestamp: "ts", features: [] }, data: train }]);',
];

/** Each misuse marked as an expected error: an unused marker (a misuse that type-checks) is itself reported. */
const MARKED_MISUSES = `
export async function misuses() {
${MISUSES.map((m) => `  // @ts-expect-error\n  ${m}`).join("\n")}
}
`;

describe("primitives/types/features.d.ts", () => {
  it("accepts the documented uses of every function and rejects each misuse", () => {
    expect(diagnosticsOf(CELL_USES + MARKED_MISUSES)).toEqual([]);
    expect(diagnosticsOf(CELL_USES + MARKED_MISUSES.replace("// @ts-expect-error\n  features.transform(train, train);", "features.transform(train, train);"))).not.toEqual([]);
  }, 60_000);

  it("declares exactly the functions the host module provides", () => {
    const source = ts.createSourceFile("features.d.ts", ts.sys.readFile(DECLARATIONS[1]!)!, ts.ScriptTarget.ES2022);
    const declared: string[] = [];
    source.forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node) && node.name.text === "TracebookFeatures") {
        for (const member of node.members) if (member.name && ts.isIdentifier(member.name)) declared.push(member.name.text);
      }
    });
    const module = createFeaturesHostModule({
      engine: async () => ({}) as DataEngine, artifacts: {} as ArtifactStore, online: {} as OnlineStoreApi, offline: {} as OfflineCatalogApi,
    });
    expect(module.name).toBe("features");
    expect(Object.keys(module.functions).sort()).toEqual(declared.sort());
    expect(declared).toEqual(expect.arrayContaining(["fit", "transform", "transformOne", "materialize", "getOnline", "pointInTimeJoin"]));
  });
});
