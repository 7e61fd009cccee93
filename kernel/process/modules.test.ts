import { describe, expect, it } from "vitest";
import { createEvaluateHostModule } from "../../primitives/evaluate/host-module";
import { EVALUATE_FUNCTIONS } from "../../primitives/evaluate/kernel/module";
import { createFeaturesHostModule } from "../../primitives/features/host-module";
import { FEATURES_FUNCTIONS } from "../../primitives/features/kernel/module";
import { createModelsHostModule } from "../../primitives/models/host-module";
import { MODELS_FUNCTIONS } from "../../primitives/models/kernel/module";
import { createTrainHostModule } from "../../primitives/train/host-module";
import { TRAIN_FUNCTIONS } from "../../primitives/train/kernel/module";
import { DATA_FUNCTIONS } from "../../primitives/data/kernel/names";
import { hostRegistry } from "./host";
import "./modules";

/** Building a module only to read its function names: nothing is called. */
const never = () => Promise.reject(new Error("not called"));

describe("the kernel's host modules", () => {
  it("register, under each lazy module, exactly the functions the module builds", () => {
    const lists: Array<[readonly string[], string[]]> = [
      [EVALUATE_FUNCTIONS, Object.keys(createEvaluateHostModule({}).functions)],
      [MODELS_FUNCTIONS, Object.keys(createModelsHostModule({ engine: never }).functions)],
      [TRAIN_FUNCTIONS, Object.keys(createTrainHostModule({ engine: never }).functions)],
      [FEATURES_FUNCTIONS, Object.keys(createFeaturesHostModule({ engine: never, artifacts: null as never, online: null as never, offline: null as never }).functions)],
    ];
    for (const [declared, built] of lists) expect([...declared].sort()).toEqual([...built].sort());
  });

  it("offer every primitive area to cells under its global", () => {
    const names = Object.keys(hostRegistry.functions({ notebookId: "n", server: null as never, lineage: null as never }));
    const expected = [
      ...DATA_FUNCTIONS.map((f) => `data.${f}`),
      ...FEATURES_FUNCTIONS.map((f) => `features.${f}`),
      ...TRAIN_FUNCTIONS.map((f) => `train.${f}`),
      ...MODELS_FUNCTIONS.map((f) => `models.${f}`),
      ...EVALUATE_FUNCTIONS.map((f) => `evaluate.${f}`),
    ];
    expect(names.sort()).toEqual(expected.sort());
  });
});
