import { describe, expect, it } from "vitest";
import { modelFromBytes, modelToBytes } from "./artifact";
import { decodeModelFile, encodeModelFile } from "./model-file";
import { handLinear, handMlp } from "./testing";

describe("model files", () => {
  it("round-trips a network exactly, training record and FeatureSet blob included", async () => {
    const model = handMlp();
    const bytes = modelToBytes(model);
    expect(modelToBytes(model)).toEqual(bytes);
    const back = await modelFromBytes(bytes);
    expect(back.id).toBe(model.id);
    expect(back.runtime === "tfjs" && back.network).toEqual(model.network);
    expect(back.toJSON()).toEqual(model.toJSON());
    const withBlob = await modelFromBytes(modelToBytes(handLinear({ steps: [1, 2] })));
    expect(withBlob.featureSet).toEqual({ json: { steps: [1, 2] } });
  });

  it("starts with the signature and a little-endian header length", () => {
    const bytes = Buffer.from(modelToBytes(handLinear()));
    expect(bytes.toString("ascii", 0, 8)).toBe("TBMODEL1");
    const header = JSON.parse(bytes.toString("utf8", 12, 12 + bytes.readUInt32LE(8)));
    expect(header).toMatchObject({ version: 1, runtime: "tfjs", kind: "linearRegression", layers: [{ inputs: 2, units: 1, kernel: { offset: 0, length: 8 }, bias: { offset: 8, length: 4 } }] });
    // the payload holds 2, 3 then 1 as float32 LE
    const payload = bytes.subarray(12 + bytes.readUInt32LE(8));
    expect([payload.readFloatLE(0), payload.readFloatLE(4), payload.readFloatLE(8)]).toEqual([2, 3, 1]);
  });

  it("refuses damaged files with invalid_artifact", () => {
    const good = Buffer.from(modelToBytes(handLinear()));
    const expectInvalid = (bytes: Uint8Array, message: RegExp) =>
      expect(() => decodeModelFile(bytes)).toThrow(expect.objectContaining({ code: "invalid_artifact", message: expect.stringMatching(message) }));
    expectInvalid(Buffer.from("not a model"), /signature/);
    expectInvalid(good.subarray(0, good.length - 2), /runs past the end/);
    const headerLength = good.readUInt32LE(8);
    const header = JSON.parse(good.toString("utf8", 12, 12 + headerLength));
    const rewrite = (h: unknown) => {
      const json = Buffer.from(JSON.stringify(h));
      const prefix = Buffer.alloc(12);
      prefix.write("TBMODEL1", 0, "ascii");
      prefix.writeUInt32LE(json.length, 8);
      return Buffer.concat([prefix, json, good.subarray(12 + headerLength)]);
    };
    expectInvalid(rewrite({ ...header, layers: [{ ...header.layers[0], units: 2 }] }), /kernel has 8 bytes, expected 16/);
    expectInvalid(rewrite({ ...header, version: 2 }), /version/);
    expectInvalid(rewrite({ ...header, layers: [{ ...header.layers[0], activation: "gelu" }] }), /activation/);
  });

  it("a file that decodes but does not fit together (3 features for 2 inputs) is refused when the model is built", async () => {
    const bytes = encodeModelFile({ ...decodeModelFile(modelToBytes(handLinear())), features: ["a", "b", "c"] } as never);
    await expect(modelFromBytes(bytes)).rejects.toMatchObject({ code: "invalid_artifact", message: expect.stringContaining("2 inputs for 3 features") });
  });
});
