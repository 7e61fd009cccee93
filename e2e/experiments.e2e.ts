import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ApiClient } from "../test/client";
import { expectCreated } from "./support/api";
import { launchBrowser } from "./support/browser";
import { within } from "./support/editor";
import { logIn, screenshot, screenshotDir, watch } from "./support/page";
import { startTracebook, type TracebookServer } from "./support/server";

const ADA = { username: "ada", name: "Ada Admin", password: "admin-password-1" };
const VERA = { username: "vera", name: "Vera Viewer", password: "vera-password-1" };
const EXPERIMENT = "Iris classifier";

/** Three runs: two with Adam (one diverged to NaN and failed), one with SGD. */
const RUNS = [
  { name: "adam-lr-0.1", params: { optimizer: "adam", lr: "0.1", epochs: "5" }, loss: [1.2, 0.8, 0.5, 0.35, 0.3], acc: 0.91, status: "FINISHED" },
  { name: "adam-lr-1", params: { optimizer: "adam", lr: "1", epochs: "5" }, loss: [1.2, 2.5, 9.1, "NaN", "NaN"], acc: 0.33, status: "FAILED" },
  { name: "sgd-lr-0.01", params: { optimizer: "sgd", lr: "0.01", epochs: "5" }, loss: [1.2, 1.0, 0.85, 0.7, 0.6], acc: 0.84, status: "FINISHED" },
] as const;

let server: TracebookServer;
let browser: Browser;
let shots: string;
let experimentId: string;

beforeAll(async () => {
  server = await startTracebook();
  browser = await launchBrowser();
  shots = await screenshotDir();
  const admin = new ApiClient(server.url);
  await expectCreated(admin.post("/api/auth/signup", ADA));
  const vera = await expectCreated(admin.post("/api/users", { ...VERA, role: "member" }));
  const notebookId = (await expectCreated(admin.post("/api/notebooks", { name: "Iris training" }))).notebook.id;
  await expectCreated(admin.put(`/api/notebooks/${notebookId}/members`, { userId: vera.user.id, role: "viewer" }));
  for (const run of RUNS) {
    const created = (await expectCreated(admin.post("/api/experiments/runs", { experiment: EXPERIMENT, notebookId, name: run.name, tags: [{ key: "team", value: "vision" }] }))).run;
    experimentId = created.experimentId;
    const logged = await admin.post(`/api/experiments/runs/${created.id}/log`, {
      params: Object.entries(run.params).map(([key, value]) => ({ key, value })),
      metrics: [...run.loss.map((value, step) => ({ key: "loss", value, step })), { key: "acc", value: run.acc, step: 4 }],
    });
    if (logged.status !== 204) throw new Error(`log failed: ${JSON.stringify(logged.body)}`);
    await expectCreated(admin.post(`/api/experiments/runs/${created.id}/end`, { status: run.status }));
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function runNames(page: Page): Promise<string[]> {
  return page.getByTestId("run-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-run-name") ?? ""));
}

test("a notebook's viewer filters and sorts its runs, chooses columns and compares two runs", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const problems = watch(context, server.url);
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await logIn(page, VERA);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Experiments" }).click();
  await page.waitForURL("**/experiments");
  const row = page.getByTestId("experiment-row").filter({ hasText: EXPERIMENT });
  await row.waitFor();
  expect(await row.locator("td").nth(1).textContent()).toBe("3");
  await row.getByRole("link", { name: EXPERIMENT }).click();
  await page.waitForURL(`**/experiments/${experimentId}`);
  await within(10_000, async () => expect((await runNames(page)).sort()).toEqual(["adam-lr-0.1", "adam-lr-1", "sgd-lr-0.01"]));

  // Sort: a metric column sorts descending first, a second click flips it.
  const sortByAcc = page.getByRole("button", { name: "Sort by metrics.acc" });
  await sortByAcc.click();
  await within(5_000, async () => expect(await runNames(page)).toEqual(["adam-lr-0.1", "sgd-lr-0.01", "adam-lr-1"]));
  expect(await page.locator('th[data-column="metrics:acc"]').getAttribute("aria-sort")).toBe("descending");
  await sortByAcc.click();
  await within(5_000, async () => expect(await runNames(page)).toEqual(["adam-lr-1", "sgd-lr-0.01", "adam-lr-0.1"]));
  await screenshot(shots, page, "60-runs-sorted");

  // Filter in MLflow's search language; a mistake is reported with the token it is about.
  const filter = page.getByLabel("Filter runs");
  await filter.fill("params.lr = 0.1");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const alert = page.getByTestId("alert");
  await alert.waitFor();
  expect(await alert.textContent()).toContain("near `0.1`");
  await filter.fill("params.optimizer = 'adam' AND metrics.acc > 0.5");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await within(5_000, async () => expect(await runNames(page)).toEqual(["adam-lr-0.1"]));
  await alert.waitFor({ state: "detached" });
  await filter.fill("params.optimizer = 'adam'");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await within(5_000, async () => expect(await runNames(page)).toEqual(["adam-lr-1", "adam-lr-0.1"]));
  await screenshot(shots, page, "61-runs-filtered");

  // Columns: the tag column is off by default; the chooser adds it and drops a param.
  expect(await page.locator('th[data-column="tags:team"]').count()).toBe(0);
  await page.getByTestId("column-chooser").locator("summary").click();
  await page.getByRole("checkbox", { name: "tags.team" }).check();
  await page.getByRole("checkbox", { name: "params.epochs" }).uncheck();
  await page.locator('th[data-column="tags:team"]').waitFor();
  expect(await page.locator('th[data-column="params:epochs"]').count()).toBe(0);
  expect(await page.locator('td[data-column="tags:team"]').allTextContents()).toEqual(["vision", "vision"]);
  await page.getByTestId("column-chooser").locator("summary").click();

  // Compare the two Adam runs.
  await page.getByLabel("Select run adam-lr-0.1").check();
  await page.getByLabel("Select run adam-lr-1").check();
  await page.getByTestId("compare-link").click();
  await page.waitForURL("**/compare?runs=*");
  await page.getByTestId("compare-run").first().waitFor();
  expect(await page.getByTestId("compare-run").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run-name")))).toEqual(["adam-lr-0.1", "adam-lr-1"]);

  const diff = page.getByTestId("param-diff");
  const diffRows = await diff.getByTestId("param-row").evaluateAll((rows) => rows.map((r) => `${r.getAttribute("data-param")}:${r.getAttribute("data-differs")}`));
  expect(diffRows).toEqual(["epochs:false", "lr:true", "optimizer:false"]);
  await diff.getByLabel(/Only differences/).check();
  expect(await diff.getByTestId("param-row").allTextContents()).toEqual(["lr0.11"]);

  // Overlaid loss curves: one line per run; the diverged run's NaN points are left out and said so.
  const curves = page.getByTestId("metric-curves");
  await curves.getByLabel("Metric").selectOption("loss");
  await curves.locator("svg .mark-line path").first().waitFor({ timeout: 15_000 });
  await within(5_000, async () => expect(await curves.locator("svg .mark-line path").count()).toBe(2));
  expect(await curves.textContent()).toContain("2 points are NaN or infinite and not drawn.");
  await curves.getByLabel("Metric").selectOption("acc");
  await within(5_000, async () => expect(await curves.locator("svg").first().textContent()).toContain("acc"));

  // Parallel coordinates over the differing param and the metrics.
  const parallel = page.getByTestId("parallel-coordinates");
  await parallel.locator("svg .mark-line path").first().waitFor({ timeout: 15_000 });
  const axisText = await parallel.locator("svg").first().textContent();
  for (const label of ["lr", "acc", "loss"]) expect(axisText).toContain(label);
  await screenshot(shots, page, "62-compare");

  // A run's own page shows its params, metrics and status.
  await page.getByTestId("compare-run").first().getByRole("link").click();
  await page.waitForURL("**/experiments/runs/*");
  await page.getByTestId("run-params").waitFor();
  expect(await page.getByTestId("run-params").textContent()).toContain("optimizer");
  expect(await page.getByTestId("run-status").first().textContent()).toBe("FINISHED");
  await screenshot(shots, page, "63-run");

  expect(problems).toEqual([]);
  await context.close();
});
