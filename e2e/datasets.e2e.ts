import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildDatasetHistory, type DatasetHistory } from "../primitives/lineage/dataset-fixture";
import { ApiClient } from "../test/client";
import { seedLineage } from "../test/lineage-seed";
import { expectCreated } from "./support/api";
import { launchBrowser } from "./support/browser";
import { within } from "./support/editor";
import { logIn, screenshot as takeScreenshot, screenshotDir, watch } from "./support/page";
import { startTracebook, type TracebookServer } from "./support/server";

const ADA = { username: "ada", name: "Ada Admin", password: "admin-password-1" };

let server: TracebookServer;
let browser: Browser;
let shots: string;
let h: DatasetHistory;

/**
 * The dataset page and the lineage graph on lineage written as the kernel's
 * recorder would (into the store of the stopped server): customers has two
 * versions made in notebook "Ingest", the second read by notebook "Features".
 */
beforeAll(async () => {
  server = await startTracebook();
  browser = await launchBrowser();
  shots = await screenshotDir();
  console.log(`[e2e] server ${server.url}; screenshots in ${shots}`);
  const admin = new ApiClient(server.url);
  const ada = await expectCreated(admin.post("/api/auth/signup", ADA));
  const ingest = (await expectCreated(admin.post("/api/notebooks", { name: "Ingest" }))).notebook.id;
  const features = (await expectCreated(admin.post("/api/notebooks", { name: "Features" }))).notebook.id;
  h = buildDatasetHistory({ notebookA: ingest, notebookB: features, actorId: ada.user.id });
  await server.restart(() => seedLineage({ dataDir: server.dataDir }, h.events));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const screenshot = (page: Page, name: string) => takeScreenshot(shots, page, name);

test("a dataset page with versions, schema change, profile and sample leads through the lineage graph to a run", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const problems = watch(context, server.url);
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await logIn(page, ADA);

  // The list: both datasets, customers with its two versions.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Datasets" }).click();
  await page.waitForURL("**/datasets");
  const rows = page.getByTestId("dataset-row");
  await rows.first().waitFor();
  expect(await rows.count()).toBe(2);
  const customersRow = rows.filter({ has: page.getByRole("link", { name: "customers", exact: true }) });
  expect(await customersRow.locator("td").nth(2).textContent()).toBe("2");
  await screenshot(page, "datasets-01-list");
  await page.getByLabel("Search datasets by name").fill("FEATURES");
  await within(5_000, async () => expect(await rows.count()).toBe(1));
  await page.getByLabel("Search datasets by name").fill("");
  await within(5_000, async () => expect(await rows.count()).toBe(2));

  // The dataset page opens on the latest version.
  await page.getByRole("link", { name: "customers", exact: true }).click();
  await page.getByTestId("dataset-title").waitFor();
  expect(await page.getByTestId("dataset-title").textContent()).toBe("customers");
  const versions = page.getByTestId("dataset-version");
  expect(await versions.evaluateAll((buttons) => buttons.map((b) => [b.getAttribute("data-version"), b.getAttribute("aria-pressed")]))).toEqual([
    [h.versions.v2, "true"],
    [h.versions.v1, "false"],
  ]);
  // Its schema against the previous version: name became nullable, email is new.
  expect(await page.getByTestId("schema-diff-summary").textContent()).toBe(`Compared with ${h.versions.v1.slice(0, 12)}: 1 added, 1 changed.`);
  const statuses = await page.getByTestId("schema-row").evaluateAll((trs) => trs.map((tr) => `${tr.querySelector("td")?.textContent}:${tr.getAttribute("data-status")}`));
  expect(statuses).toEqual(["id:unchanged", "name:changed", "email:added"]);
  // The profile: a row per column, with a histogram drawn for id and name.
  const profile = page.getByTestId("profile-row");
  expect(await profile.count()).toBe(3);
  expect(await profile.first().locator("td").allTextContents()).toEqual(
    expect.arrayContaining(["idBIGINT", "4", "0", "2.5", "1.291", "p25 1.75 · p50 2.5 · p75 3.25"]),
  );
  expect(await profile.first().locator(".stat-text").allTextContents()).toEqual(["1", "4"]);
  await within(10_000, async () => expect(await page.locator(".histogram-cell svg.marks").count()).toBe(2));
  // The sample rows.
  const sample = page.getByTestId("sample-table");
  expect(await sample.locator("tbody tr").count()).toBe(4);
  expect(await sample.locator("tbody tr").nth(1).locator("td").allTextContents()).toEqual(["2", "Grace", "grace@example.org"]);
  // Its neighbours: written by Ingest's load cell, read by Features' cell.
  expect(await page.getByTestId("produced-by").getByTestId("run-link").getByRole("link").first().textContent()).toBe("cell load");
  expect(await page.getByTestId("consumed-by").getByTestId("run-link").getByRole("link").first().textContent()).toBe("cell features");
  await screenshot(page, "datasets-02-latest-version");

  // The first version had no profile or sample; the page says so.
  await versions.nth(1).click();
  await page.getByTestId("profile-missing").waitFor();
  await page.getByTestId("sample-missing").waitFor();
  expect(await page.getByTestId("schema-diff-summary").textContent()).toBe("The first version of this dataset.");
  expect(new URL(page.url()).search).toBe(`?version=${h.versions.v1}`);
  await screenshot(page, "datasets-03-first-version");

  // The dataset's lineage graph: both versions, the runs around them.
  await page.getByTestId("dataset-lineage-link").click();
  await page.waitForURL("**/lineage?kind=dataset*");
  const nodes = page.getByTestId("lineage-node");
  const counts = page.getByTestId("lineage-counts");
  const nodeIds = () => nodes.evaluateAll((gs) => gs.map((g) => g.getAttribute("data-id") ?? ""));
  // customers, its 2 versions, the 2 runs that wrote them and their job, the reading run, its output,
  // its job and that output's dataset; 2 version_of + 2 output + input + output + 3 run_of + version_of.
  await within(10_000, async () => expect(await counts.textContent()).toBe("10 nodes, 10 edges"));
  expect(await nodeIds()).toEqual(expect.arrayContaining([h.runs.loadV1, h.runs.loadV2, h.runs.features]));
  expect(await page.locator('[data-testid="lineage-edge"][data-relation="output"]').count()).toBe(3);
  await screenshot(page, "datasets-04-dataset-lineage");

  // A click on a run re-roots the graph there.
  await page.locator(`[data-testid="lineage-node"][data-id="${h.runs.features}"]`).click();
  await page.waitForURL(`**/lineage?kind=run&id=${h.runs.features}*`);
  await page.locator(`.lineage-node-root[data-id="${h.runs.features}"]`).waitFor();
  // Upstream only: the version it read and the run that wrote it (with its job and dataset), not what it wrote.
  await page.getByLabel("Direction").selectOption("up");
  await page.waitForURL("**direction=up*");
  await within(10_000, async () => expect(await counts.textContent()).toBe("6 nodes, 5 edges"));
  const upstream = await nodeIds();
  expect(upstream).toContain(h.runs.loadV2);
  expect(upstream.some((id) => id.endsWith(`@${h.versions.features}`))).toBe(false);
  // Depth 0: the run and its job only.
  await page.getByLabel("Depth").fill("0");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL("**depth=0*");
  await within(10_000, async () => expect(await counts.textContent()).toBe("2 nodes, 1 edge"));
  expect(await nodes.evaluateAll((gs) => gs.map((g) => g.getAttribute("data-kind")).sort())).toEqual(["job", "run"]);
  await screenshot(page, "datasets-05-run-upstream");

  // Back on the dataset page, the reading run's link opens its lineage.
  await page.goto(`${server.url}/datasets`);
  await page.getByRole("link", { name: "customers", exact: true }).click();
  await page.getByTestId("consumed-by").getByRole("link", { name: "cell features" }).click();
  await page.waitForURL(`**/lineage?kind=run&id=${h.runs.features}`);
  await page.locator(`.lineage-node-root[data-id="${h.runs.features}"]`).waitFor();
  expect(await page.getByTestId("lineage-root").textContent()).toContain("Open the notebook");

  // The notebook page's Lineage entry shows all of that notebook's jobs.
  await page.getByTestId("lineage-root").getByRole("link", { name: "Open the notebook" }).click();
  await page.waitForURL(`**/notebooks/${h.notebookB}`);
  await page.getByTestId("notebook-lineage-link").click();
  await page.waitForURL(`**/lineage?kind=notebook&id=${h.notebookB}`);
  // Its job and run, what the run read (and that version's writer, job and dataset) and what it wrote (and its dataset).
  await within(10_000, async () => expect(await counts.textContent()).toBe("8 nodes, 7 edges"));
  expect(await nodeIds()).toEqual(expect.arrayContaining([h.runs.features, h.runs.loadV2]));
  await screenshot(page, "datasets-06-notebook-lineage");

  expect(problems).toEqual([]);
  await context.close();
});
