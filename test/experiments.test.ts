import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiClient } from "./client";
import { adminClient, createNotebook, createUser, expectError, grant, testServers, uniqueName, type TestUser } from "./world";

/**
 * Experiment tracking over HTTP against the real server: a runner logs runs
 * the way MLflow's REST API does, readers search and compare them, and the
 * runs, inputs and artifacts show up in the lineage graph.
 */
for (const server of testServers()) {
  describe(`experiment tracking on ${server.name}`, () => {
    let owner: TestUser;
    let viewer: TestUser;
    let stranger: TestUser;
    let notebookId: string;
    const experiment = uniqueName("Experiment");

    async function startRun(client: ApiClient, name: string, extra: Record<string, unknown> = {}): Promise<{ id: string; experimentId: string }> {
      const response = await client.post("/api/experiments/runs", { experiment, notebookId, name, ...extra });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.run;
    }

    async function log(client: ApiClient, runId: string, batch: unknown) {
      return client.post(`/api/experiments/runs/${runId}/log`, batch);
    }

    beforeAll(async () => {
      const admin = await adminClient(server);
      [owner, viewer, stranger] = (await Promise.all(["xowner", "xviewer", "xstranger"].map((prefix) => createUser(admin, "member", prefix)))) as [TestUser, TestUser, TestUser];
      notebookId = await createNotebook(owner.client, "Tracking notebook");
      await grant(owner.client, notebookId, viewer.id, "viewer");
    });

    it("logs a run MLflow's way: write-once params, metric history with NaN, all-or-nothing batches, one end", async () => {
      const run = await startRun(owner.client, "baseline", { tags: [{ key: "team", value: "vision" }] });
      expect((await log(owner.client, run.id, { params: [{ key: "lr", value: 0.1 }, { key: "optimizer", value: "adam" }] })).status).toBe(204);
      expect((await log(owner.client, run.id, { params: [{ key: "lr", value: "0.1" }] })).status).toBe(204);
      const conflict = await log(owner.client, run.id, { params: [{ key: "lr", value: 0.2 }], metrics: [{ key: "loss", value: 9 }] });
      expectError(conflict, 409, "param_conflict");
      expect(conflict.body.error.message).toContain(`param "lr" was already logged with value "0.1"`);
      expect(conflict.body.error.message).toContain(`"0.2" was not logged`);
      const points = [
        { key: "loss", value: 0.9, step: 0, timestamp: 1000 },
        { key: "loss", value: "NaN", step: 1, timestamp: 2000 },
        { key: "loss", value: 0.3, step: 2, timestamp: 3000 },
        { key: "acc", value: 0.91, step: 2, timestamp: 3000 },
      ];
      expect((await log(owner.client, run.id, { metrics: points })).status).toBe(204);

      const history = await viewer.client.get(`/api/experiments/runs/${run.id}/metrics?key=loss`);
      expect(history.body).toEqual({
        key: "loss",
        truncated: false,
        points: [
          { step: 0, timestamp: 1000, value: 0.9 },
          { step: 1, timestamp: 2000, value: "NaN" },
          { step: 2, timestamp: 3000, value: 0.3 },
        ],
      });

      const ended = await owner.client.post(`/api/experiments/runs/${run.id}/end`, { status: "FINISHED" });
      expect(ended.body.run).toMatchObject({ status: "FINISHED", endTime: expect.any(String) });
      expect((await owner.client.post(`/api/experiments/runs/${run.id}/end`, { status: "FINISHED" })).status).toBe(200);
      expectError(await owner.client.post(`/api/experiments/runs/${run.id}/end`, { status: "KILLED" }), 409, "run_ended");
      expectError(await log(owner.client, run.id, { metrics: [{ key: "loss", value: 0.1 }] }), 409, "run_ended");
      expectError(await owner.client.post(`/api/experiments/runs/${run.id}/end`, { status: "RUNNING" }), 400, "invalid_body");

      const detail = (await viewer.client.get(`/api/experiments/runs/${run.id}`)).body.run;
      expect(detail).toMatchObject({
        name: "baseline",
        status: "FINISHED",
        experimentName: experiment,
        notebookId,
        actorId: owner.id,
        params: [
          { key: "lr", value: "0.1" },
          { key: "optimizer", value: "adam" },
        ],
        metrics: [
          { key: "acc", step: 2, timestamp: 3000, value: 0.91 },
          { key: "loss", step: 2, timestamp: 3000, value: 0.3 },
        ],
        tags: [{ key: "team", value: "vision" }],
      });
    });

    it("refuses malformed writes with 400s that name the problem", async () => {
      const run = await startRun(owner.client, "bad-input");
      const badKey = await log(owner.client, run.id, { metrics: [{ key: "a//b", value: 1 }] });
      expectError(badKey, 400, "invalid_body");
      expect(badKey.body.error.message).toContain("metrics.0.key");
      expectError(await log(owner.client, run.id, { metrics: [{ key: "a", value: "1" }] }), 400, "invalid_body");
      expectError(await log(owner.client, run.id, { params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: i })) }), 400, "invalid_body");
      expectError(await owner.client.post("/api/experiments/runs", { experiment, notebookId: "nope" }), 400, "invalid_body");
      expectError(await owner.client.post(`/api/experiments/runs/not-a-run/log`, {}), 400, "invalid_id");
      expectError(await owner.client.post(`/api/experiments/runs/${run.id}/inputs`, { dataset: { name: "d", digest: "x" }, context: "train" }), 400, "invalid_body");
    });

    it("searches runs with MLflow's filter language and orders them; bad filters are 400 invalid_filter", async () => {
      const fast = await startRun(owner.client, "fast");
      const slow = await startRun(owner.client, "slow");
      await log(owner.client, fast.id, { params: [{ key: "lr", value: "0.5" }], metrics: [{ key: "acc", value: 0.7 }] });
      await log(owner.client, slow.id, { params: [{ key: "lr", value: "0.01" }], metrics: [{ key: "acc", value: 0.95 }] });
      const search = (query: string) => viewer.client.get(`/api/experiments/${fast.experimentId}/runs?${query}`);
      const names = async (query: string) => (await search(query)).body.runs.map((r: { name: string }) => r.name);

      expect(await names(`filter=${encodeURIComponent("metrics.acc > 0.8 AND params.lr = '0.01'")}`)).toEqual(["slow"]);
      expect(await names(`filter=${encodeURIComponent("metrics.acc > 0.6")}&orderBy=${encodeURIComponent("metrics.acc DESC")}`)).toEqual(["slow", "baseline", "fast"]);
      expect(await names(`filter=${encodeURIComponent("attributes.status = 'FINISHED'")}`)).toEqual(["baseline"]);
      expect(await names(`orderBy=${encodeURIComponent("params.lr")}&orderBy=${encodeURIComponent("attributes.run_name DESC")}&filter=${encodeURIComponent("run_name != 'bad-input'")}`)).toEqual([
        "slow",
        "baseline",
        "fast",
      ]);

      const first = (await search("maxResults=2&orderBy=attributes.run_name")).body;
      expect(first.runs.map((r: { name: string }) => r.name)).toEqual(["bad-input", "baseline"]);
      const rest = (await search(`maxResults=2&orderBy=attributes.run_name&pageToken=${first.nextPageToken}`)).body;
      expect(rest.runs.map((r: { name: string }) => r.name)).toEqual(["fast", "slow"]);
      expect(rest.nextPageToken).toBeNull();

      const bad = await search(`filter=${encodeURIComponent("params.lr = 0.01")}`);
      expectError(bad, 400, "invalid_filter");
      expect(bad.body.error.message).toContain("near `0.01`");
      expectError(await search(`orderBy=${encodeURIComponent("metrics.acc SIDEWAYS")}`), 400, "invalid_filter");
      expectError(await search("maxResults=0"), 400, "invalid_body");
      expectError(await search("colour=red"), 400, "invalid_body");
    });

    it("stores artifacts content-addressed and serves them only as downloads (raster images inline)", async () => {
      const run = await startRun(owner.client, "with-files");
      const bytes = "<html><script>alert(1)</script></html>";
      const put = await owner.client.request("PUT", `/api/experiments/runs/${run.id}/artifacts?path=reports/eval.html&kind=report&mediaType=text/html`, undefined, {
        raw: bytes,
        headers: { "content-type": "text/html" },
      });
      expect(put.status).toBe(201);
      expect(put.body.artifact).toMatchObject({ path: "reports/eval.html", kind: "report", size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
      const again = await owner.client.request("PUT", `/api/experiments/runs/${run.id}/artifacts?path=reports/eval.html&kind=report&mediaType=text/html`, undefined, { raw: "other" });
      expectError(again, 409, "conflict");
      const download = await fetch(`${server.url}/api/experiments/runs/${run.id}/artifacts?path=reports/eval.html`, {
        headers: { cookie: [...viewer.client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      expect(download.status).toBe(200);
      expect(await download.text()).toBe(bytes);
      expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="eval.html"/);
      expect(download.headers.get("x-content-type-options")).toBe("nosniff");
      expect(download.headers.get("content-security-policy")).toContain("sandbox");
      expectError(await viewer.client.get(`/api/experiments/runs/${run.id}/artifacts?path=absent.txt`), 404, "not_found");
      expectError(await viewer.client.get(`/api/experiments/runs/${run.id}/artifacts?path=../x`), 400, "invalid_body");
      const viewerPut = await viewer.client.request("PUT", `/api/experiments/runs/${run.id}/artifacts?path=x.txt`, undefined, { raw: "x" });
      expectError(viewerPut, 403, "forbidden");
    });

    it("puts runs, inputs and model artifacts in the lineage graph", async () => {
      const run = await startRun(owner.client, "lineage");
      const input = await owner.client.post(`/api/experiments/runs/${run.id}/inputs`, { dataset: { name: "iris", digest: "a".repeat(64) }, context: "training" });
      expect(input.status).toBe(201);
      await owner.client.request("PUT", `/api/experiments/runs/${run.id}/artifacts?path=model/model.json&kind=model`, undefined, { raw: "{}" });
      const graph = (await viewer.client.get(`/api/lineage/graph?kind=experiment_run&id=${run.id}&direction=both&depth=2`)).body.graph;
      const kinds = graph.nodes.map((n: { kind: string }) => n.kind).sort();
      expect(kinds).toEqual(["dataset", "dataset_version", "experiment", "experiment_run", "model_artifact"]);
      const edges = graph.edges.map((e: { src: { kind: string }; dst: { kind: string }; relation: string }) => `${e.src.kind}-${e.relation}->${e.dst.kind}`).sort();
      expect(edges).toEqual([
        "dataset_version-input->experiment_run",
        "dataset_version-version_of->dataset",
        "experiment_run-output->model_artifact",
        "experiment_run-run_of->experiment",
      ]);
      expect((await viewer.client.get(`/api/experiments/runs/${run.id}`)).body.run.inputs).toEqual([input.body.input]);
    });

    it("shows runs to the notebook's readers only and lets only its runners log", async () => {
      const run = await startRun(owner.client, "private");
      const listed = (client: ApiClient) => client.get("/api/experiments").then((r) => r.body.experiments.find((e: { name: string }) => e.name === experiment));
      expect((await listed(viewer.client)).runCount).toBeGreaterThan(0);
      // Experiments are workspace-wide names; the stranger sees the name with none of its runs.
      expect(await listed(stranger.client)).toMatchObject({ runCount: 0, lastRunAt: null });
      expect((await stranger.client.get(`/api/experiments/${run.experimentId}/runs`)).body).toEqual({ runs: [], nextPageToken: null });
      expect((await stranger.client.get(`/api/experiments/${run.experimentId}`)).body.keys).toEqual({ params: [], metrics: [], tags: [] });
      expectError(await stranger.client.get(`/api/experiments/runs/${run.id}`), 404, "not_found");
      expectError(await stranger.client.get(`/api/experiments/runs/${run.id}/metrics?key=loss`), 404, "not_found");
      expectError(await log(stranger.client, run.id, { params: [{ key: "x", value: 1 }] }), 404, "not_found");
      expectError(await log(viewer.client, run.id, { params: [{ key: "x", value: 1 }] }), 403, "forbidden");
      expectError(await viewer.client.post("/api/experiments/runs", { experiment, notebookId }), 403, "forbidden");
      expectError(await stranger.client.post("/api/experiments/runs", { experiment, notebookId }), 404, "not_found");
      expectError(await owner.client.get(`/api/experiments/00000000-0000-4000-8000-000000000000`), 404, "not_found");
      // Workspace admins act as owners of every notebook: they see the run without a membership.
      const admin = await adminClient(server);
      const forAdmin = await admin.get(`/api/experiments/${run.experimentId}/runs?filter=${encodeURIComponent("attributes.run_name = 'private'")}`);
      expect(forAdmin.body.runs.map((r: { id: string }) => r.id)).toEqual([run.id]);
    });
  });
}
