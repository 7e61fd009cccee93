import { describe, expect, it } from "vitest";
import { isAppError } from "../../protocol/errors";
import { parseRunFilter, parseRunOrder } from "./search-filter";

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected an invalid_filter error");
}

describe("parseRunFilter", () => {
  it("reads MLflow's examples: metrics, quoted params, attributes, joined by AND in any case", () => {
    expect(parseRunFilter(`params.model = "LogisticRegression" and params.lambda = '0.001' AND metrics.error <= 0.05`)).toEqual([
      { entity: "param", key: "model", comparator: "=", value: "LogisticRegression" },
      { entity: "param", key: "lambda", comparator: "=", value: "0.001" },
      { entity: "metric", key: "error", comparator: "<=", value: 0.05 },
    ]);
    expect(parseRunFilter("attributes.status = 'FAILED'")).toEqual([{ entity: "attribute", key: "status", comparator: "=", value: "FAILED" }]);
    expect(parseRunFilter("   ")).toEqual([]);
  });

  it("takes every comparator, negative and exponent numbers, and singular prefixes", () => {
    expect(parseRunFilter("metric.loss != -1.5e-3 AND metrics.acc >= .5 AND metrics.x < 2 AND metrics.y > +3 AND metrics.z = 0")).toEqual([
      { entity: "metric", key: "loss", comparator: "!=", value: -0.0015 },
      { entity: "metric", key: "acc", comparator: ">=", value: 0.5 },
      { entity: "metric", key: "x", comparator: "<", value: 2 },
      { entity: "metric", key: "y", comparator: ">", value: 3 },
      { entity: "metric", key: "z", comparator: "=", value: 0 },
    ]);
    expect(parseRunFilter("tag.team LIKE 'vis%' AND param.opt ILIKE 'ADAM'")).toEqual([
      { entity: "tag", key: "team", comparator: "LIKE", value: "vis%" },
      { entity: "param", key: "opt", comparator: "ILIKE", value: "ADAM" },
    ]);
  });

  it("reads keys with special characters unquoted (/, -, ., :) or in backticks and double quotes", () => {
    expect(parseRunFilter("metrics.train/loss < 1 AND metrics.val-acc > 0.1 AND params.a.b = 'c'")).toEqual([
      { entity: "metric", key: "train/loss", comparator: "<", value: 1 },
      { entity: "metric", key: "val-acc", comparator: ">", value: 0.1 },
      { entity: "param", key: "a.b", comparator: "=", value: "c" },
    ]);
    expect(parseRunFilter('metrics.`f1 score` > 0.5 AND params."batch size" = \'32\'')).toEqual([
      { entity: "metric", key: "f1 score", comparator: ">", value: 0.5 },
      { entity: "param", key: "batch size", comparator: "=", value: "32" },
    ]);
    // A doubled quote is one quote character.
    expect(parseRunFilter("tags.note = 'it''s fine'")).toEqual([{ entity: "tag", key: "note", comparator: "=", value: "it's fine" }]);
  });

  it("reads attribute aliases, IN lists, times and dataset clauses", () => {
    expect(
      parseRunFilter(
        "status IN ('FINISHED', 'KILLED') AND attributes.run_id NOT IN ('a') AND run_name LIKE 'lr-%' AND attributes.created > 1700000000000 AND datasets.context = 'training' AND datasets.name IN ('iris')",
      ),
    ).toEqual([
      { entity: "attribute", key: "status", comparator: "IN", value: ["FINISHED", "KILLED"] },
      { entity: "attribute", key: "run_id", comparator: "NOT IN", value: ["a"] },
      { entity: "attribute", key: "run_name", comparator: "LIKE", value: "lr-%" },
      { entity: "attribute", key: "start_time", comparator: ">", value: 1700000000000 },
      { entity: "dataset", key: "context", comparator: "=", value: "training" },
      { entity: "dataset", key: "name", comparator: "IN", value: ["iris"] },
    ]);
  });

  it.each([
    ["params.lr = 0.1", /params\.lr is compared with a quoted string.*character 13, near `0\.1`/],
    ["metrics.acc > 'high'", /metrics\.acc is compared with a number; got a quoted string.*near `'high'`/],
    ["metrics.acc LIKE '9%'", /metrics\.acc takes =, !=, <, <=, > or >=, not LIKE.*character 13/],
    ["params.lr > '0.1'", /params\.lr takes =, !=, LIKE or ILIKE, not >/],
    ["metrics.acc > 0.9 OR metrics.acc < 0.1", /OR is not supported.*character 19, near `OR`/],
    ["metrics.acc > 0.9 metrics.loss < 1", /expected AND between clauses.*near `metrics\.loss`/],
    ["metricz.acc > 0.9", /unknown identifier type "metricz".*near `metricz\.acc`/],
    ["attributes.colour = 'red'", /unknown attribute "colour"/],
    ["attributes.status = 'DONE'", /"DONE" is not a run status; use one of RUNNING, FINISHED, FAILED, KILLED/],
    ["datasets.context = 'train'", /"train" is not a dataset context; use one of training, validation, test/],
    ["metrics.acc >", /the filter ends where a number was expected/],
    ["params.lr = 'unterminated", /unterminated string.*character 13/],
    ["metrics.acc <> 1", /unknown comparator `<>`/],
    ["metrics.acc == 1", /unknown comparator `==`/],
    ["accuracy > 1", /expected an identifier such as metrics\.<key>.*near `accuracy`/],
    ["status IN 'FINISHED'", /IN takes a parenthesised list/],
    ["status IN ('FINISHED' 'FAILED')", /expected ',' or '\)' in the IN list/],
    ["metrics. > 1", /the key after the dot is missing/],
    ["metrics.acc > 1 AND", /the filter ends where an identifier was expected/],
    ["metrics.acc ~ 1", /unexpected character.*near `~`/],
  ])("refuses %s with invalid_filter naming the token", (filter, message) => {
    const error = errorOf(() => parseRunFilter(filter));
    expect(error.code).toBe("invalid_filter");
    expect(error.message).toMatch(message);
  });
});

describe("parseRunOrder", () => {
  it("reads identifiers with an optional direction (ascending by default)", () => {
    expect(parseRunOrder(["metrics.acc DESC", "params.lr", "attributes.start_time asc", "tags.`the team` DESC", "run_name"])).toEqual([
      { entity: "metric", key: "acc", ascending: false },
      { entity: "param", key: "lr", ascending: true },
      { entity: "attribute", key: "start_time", ascending: true },
      { entity: "tag", key: "the team", ascending: false },
      { entity: "attribute", key: "run_name", ascending: true },
    ]);
  });

  it.each([
    [["metrics.acc DOWN"], /expected ASC or DESC.*near `DOWN`/],
    [["metrics.acc DESC extra"], /one identifier and an optional ASC or DESC/],
    [["metrics.acc", "metrics.acc DESC"], /order by names metrics\.acc twice/],
    [["datasets.name"], /cannot be ordered by datasets/],
    [["'acc'"], /order by needs an identifier/],
  ])("refuses %j", (clauses, message) => {
    const error = errorOf(() => parseRunOrder(clauses));
    expect(error.code).toBe("invalid_filter");
    expect(error.message).toMatch(message);
  });
});
