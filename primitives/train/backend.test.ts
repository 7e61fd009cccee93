import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { BACKEND_CANDIDATES, selectBackend } from "./backend";

afterAll(async () => { await tf.setBackend("wasm"); });

const missing = async (name: string) => { throw new Error(`Cannot find package '${name}'`); };

describe("backend selection", () => {
  it("prefers tfjs-node-gpu, then tfjs-node, then wasm, then cpu", () => {
    expect(BACKEND_CANDIDATES.map((c) => c.package)).toEqual([
      "@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node", "@tensorflow/tfjs-backend-wasm", "@tensorflow/tfjs-backend-cpu",
    ]);
  });

  it("skips the GPU package without a GPU and a native package that is not installed, and lands on wasm", async () => {
    // Emscripten's glue adds rethrowing process listeners when wasm starts; selection removes them.
    const listeners = () => [process.listenerCount("uncaughtException"), process.listenerCount("unhandledRejection")];
    const before = listeners();
    const tried: string[] = [];
    const selection = await selectBackend({ gpuVisible: () => false, load: (name) => { tried.push(name); return missing(name); } });
    expect(tried).toEqual(["@tensorflow/tfjs-node"]);
    expect(selection).toMatchObject({ backend: "wasm", package: "@tensorflow/tfjs-backend-wasm", device: expect.stringMatching(/^cpu \(wasm/) });
    expect(tf.getBackend()).toBe("wasm");
    expect(listeners()).toEqual(before);
    expect(selection.skipped).toEqual([
      { package: "@tensorflow/tfjs-node-gpu", reason: "no GPU visible" },
      { package: "@tensorflow/tfjs-node", reason: "Cannot find package '@tensorflow/tfjs-node'" },
    ]);
  });

  it("tries the GPU package when a GPU is visible", async () => {
    const tried: string[] = [];
    await selectBackend({ gpuVisible: () => true, load: (name) => { tried.push(name); return missing(name); } });
    expect(tried).toEqual(["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]);
  });

  it("a package that loads but registers no backend is skipped; cpu is the last resort", async () => {
    const selection = await selectBackend({
      candidates: [{ package: "fake-backend", backend: "fake" }, { package: "@tensorflow/tfjs-backend-cpu", backend: "cpu", bundled: true }],
      load: async () => ({}),
    });
    expect(selection).toMatchObject({ backend: "cpu", device: "cpu (JavaScript)" });
    expect(selection.skipped[0]!.package).toBe("fake-backend");
    expect(tf.getBackend()).toBe("cpu");
  });
});
