import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ApiClient } from "../test/client";
import { expectCreated } from "./support/api";
import { launchBrowser } from "./support/browser";
import { cells, cellText, editCell, within } from "./support/editor";
import { logIn, screenshot, screenshotDir, watch } from "./support/page";
import { startTracebook, type TracebookServer } from "./support/server";

const ADA = { username: "ada", name: "Ada Admin", password: "admin-password-1" };
const EPOCHS = 30;

/**
 * 4,000 points on a grid, labelled by which side of the line x1 + x2 = 1
 * they fall: separable, so both runs learn it. Two hidden layers of 128 and
 * 500 batches of 8 an epoch make a run last a second or two on the wasm
 * backend, long enough for its progress bar to be seen moving (one layer of
 * 8 on 400 points trained in under 20 ms, between two of the bar's updates).
 */
const CSV = [
  "x1,x2,label",
  ...Array.from({ length: 4000 }, (_, i) => {
    const x1 = (i % 64) / 64;
    const x2 = Math.floor(i / 64) / 64;
    return `${x1},${x2},${x1 + x2 > 0.95 ? 1 : 0}`;
  }),
  "",
].join("\n");

/** One line per cell: a newline typed into Monaco could accept a suggestion instead. */
const LOAD = 'const { dataset } = await data.load("points.csv");';
const trainCell = (name: string, learningRate: number, result: string) =>
  `const ${result} = await train.mlpClassifier(dataset, { target: "label", hidden: [128, 128], epochs: ${EPOCHS}, batchSize: 8, learningRate: ${learningRate}, seed: 1, name: "${name}" }); (${result}.status)`;

/** A progress bar as drawn once, with its cell's status at that moment. */
interface ProgressSeen {
  value: number;
  done: string | null;
  status: string | null;
  label: string;
}

let server: TracebookServer;
let browser: Browser;
let shots: string;

beforeAll(async () => {
  server = await startTracebook();
  browser = await launchBrowser();
  shots = await screenshotDir();
  await expectCreated(new ApiClient(server.url).post("/api/auth/signup", ADA));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Types a new code cell at the end of the notebook and checks Monaco holds exactly that text. */
async function addCell(page: Page, source: string): Promise<Locator> {
  const before = await cells(page).count();
  await page.getByRole("button", { name: "+ Code" }).click();
  await within(5_000, async () => expect(await cells(page).count()).toBe(before + 1));
  const cell = cells(page).nth(before);
  await editCell(cell);
  await page.keyboard.type(source);
  await within(5_000, async () => expect(await cellText(cell)).toBe(source));
  return cell;
}

/** Runs the focused cell in place (Ctrl+Enter) and waits until it has finished. */
async function runCell(page: Page, cell: Locator, timeout = 90_000): Promise<void> {
  await page.keyboard.press("Control+Enter");
  await cell.locator('[data-testid="cell-status"]:is([data-status="done"], [data-status="error"])').waitFor({ timeout });
  const outputs = await cell.getByTestId("output").allTextContents();
  expect(await cell.getByTestId("cell-status").getAttribute("data-status"), outputs.join("\n")).toBe("done");
}

/**
 * Records every state a progress bar is drawn in, with its cell's status at
 * that moment: a MutationObserver sees updates a poll could miss.
 */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: ProgressSeen[] = [];
    (window as unknown as { __progress: ProgressSeen[] }).__progress = seen;
    const record = () => {
      for (const bar of document.querySelectorAll<HTMLElement>('[data-testid="output-progress"]')) {
        const status = bar.closest('[data-testid="cell"]')?.querySelector('[data-testid="cell-status"]')?.getAttribute("data-status") ?? null;
        const value = bar.querySelector("progress")?.value ?? -1;
        seen.push({ value, done: bar.getAttribute("data-done"), status, label: bar.querySelector(".output-progress-label")?.textContent ?? "" });
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

async function recordedProgress(page: Page): Promise<ProgressSeen[]> {
  return page.evaluate(() => (window as unknown as { __progress: ProgressSeen[] }).__progress);
}

test("a user trains two models in a notebook, watches the progress bar, and compares the runs on the Experiments page", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const problems = watch(context, server.url);
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await logIn(page, ADA);

  // A new notebook from the list page.
  await page.getByTestId("new-notebook-name").fill("Points classifier");
  await page.getByRole("button", { name: "Create notebook" }).click();
  await page.getByTestId("notebook-row").getByRole("link", { name: "Points classifier" }).click();
  await page.waitForURL(/\/notebooks\/[0-9a-f-]{36}$/);
  await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
  await page.getByTestId("cells-empty").waitFor();

  // The CSV goes up through the notebook's Files dialog.
  await page.getByTestId("open-files").click();
  const dialog = page.getByTestId("files-dialog");
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), dialog.getByTestId("upload-file").click()]);
  await chooser.setFiles({ name: "points.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await dialog.getByText('Load it in a cell with data.load("points.csv").').waitFor({ timeout: 15_000 });
  // The notice comes before the list is read again.
  await within(10_000, async () => expect(await dialog.getByTestId("file-row").locator("code").allTextContents()).toEqual(["points.csv"]));
  await screenshot(shots, page, "70-training-file-uploaded");
  await dialog.getByRole("button", { name: "Close" }).click();
  await dialog.waitFor({ state: "detached" });

  const load = await addCell(page, LOAD);
  await runCell(page, load);

  // The first training: its bar moves while the cell runs, then stays, done, above the curves.
  const first = await addCell(page, trainCell("mlp-lr-0.05", 0.05, "first"));
  await recordProgress(page);
  await runCell(page, first);
  const seen = await recordedProgress(page);
  const moving = seen.filter((s) => s.done === "false" && s.status === "running" && s.value > 0 && s.value < EPOCHS);
  expect(moving.length, JSON.stringify(seen.slice(0, 20))).toBeGreaterThan(0);
  expect(moving.some((s) => /^mlpClassifier · epoch \d+\/30/.test(s.label))).toBe(true);
  const bar = first.getByTestId("output-progress");
  expect(await bar.count()).toBe(1);
  expect(await bar.getAttribute("data-done")).toBe("true");
  expect(await bar.locator("progress").evaluate((p) => (p as HTMLProgressElement).value)).toBe(EPOCHS);
  expect(await bar.textContent()).toContain("completed");
  expect(await first.locator('[data-testid="output"][data-type="value"]').textContent()).toContain("completed");
  await first.getByTestId("output-chart").locator("svg").first().waitFor({ timeout: 15_000 });
  await screenshot(shots, page, "71-training-first-run");

  // A second training with another learning rate, in a cell of its own.
  const second = await addCell(page, trainCell("mlp-lr-0.01", 0.01, "second"));
  await runCell(page, second);
  expect(await second.getByTestId("output-progress").getAttribute("data-done")).toBe("true");
  expect(await second.locator('[data-testid="output"][data-type="value"]').textContent()).toContain("completed");
  await screenshot(shots, page, "72-training-second-run");

  // The runs are in the Default experiment.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Experiments" }).click();
  await page.waitForURL("**/experiments");
  const row = page.getByTestId("experiment-row").filter({ has: page.getByRole("link", { name: "Default", exact: true }) });
  await row.waitFor();
  expect(await row.locator("td").nth(1).textContent()).toBe("2");
  await row.getByRole("link", { name: "Default", exact: true }).click();
  await page.waitForURL(/\/experiments\/[^/]+$/);
  const runNames = () => page.getByTestId("run-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run-name") ?? "").sort());
  await within(10_000, async () => expect(await runNames()).toEqual(["mlp-lr-0.01", "mlp-lr-0.05"]));
  await screenshot(shots, page, "73-training-runs");

  // Compare them: the learning rate (and the name) differ, the rest of the settings do not.
  await page.getByLabel("Select run mlp-lr-0.05").check();
  await page.getByLabel("Select run mlp-lr-0.01").check();
  await page.getByTestId("compare-link").click();
  await page.waitForURL("**/compare?runs=*");
  await page.getByTestId("compare-run").first().waitFor();
  expect(await page.getByTestId("compare-run").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run-name")).sort())).toEqual(["mlp-lr-0.01", "mlp-lr-0.05"]);
  const diff = page.getByTestId("param-diff");
  const differs = (key: string) => diff.locator(`[data-testid="param-row"][data-param="${key}"]`).getAttribute("data-differs");
  expect(await differs("learningRate")).toBe("true");
  for (const same of ["seed", "epochs", "hidden", "batchSize", "optimizer"]) expect(await differs(same), same).toBe("false");
  await diff.getByLabel(/Only differences/).check();
  expect(await diff.getByTestId("param-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-param")).sort())).toEqual(["learningRate", "name"]);
  const rate = (await diff.locator('[data-param="learningRate"] td').allTextContents()).sort();
  expect(rate).toEqual(["0.01", "0.05"]);

  // Both loss curves in one chart.
  const curves = page.getByTestId("metric-curves");
  await curves.getByLabel("Metric").selectOption("loss");
  await curves.locator("svg .mark-line path").first().waitFor({ timeout: 15_000 });
  await within(5_000, async () => expect(await curves.locator("svg .mark-line path").count()).toBe(2));
  expect(await curves.locator("svg").first().textContent()).toContain("loss");
  await screenshot(shots, page, "74-training-compare");

  // One run's page: the data it trained on (context training) and its model; its lineage joins them.
  await page.goBack();
  await page.waitForURL(/\/experiments\/[^/]+$/);
  await page.getByRole("link", { name: "mlp-lr-0.05", exact: true }).click();
  await page.waitForURL("**/experiments/runs/*");
  const inputs = page.getByTestId("run-inputs");
  await inputs.locator("tr").first().waitFor();
  expect(await inputs.locator(".badge").allTextContents()).toEqual(["training"]);
  expect(await page.getByTestId("run-artifacts").getByRole("link", { name: "model", exact: true }).count()).toBe(1);
  await screenshot(shots, page, "75-training-run");
  await page.getByTestId("run-lineage-link").click();
  await page.waitForURL("**/lineage?kind=experiment_run*");
  const edges = page.getByTestId("lineage-edge");
  await edges.first().waitFor();
  expect(await edges.locator("text").allTextContents()).toContain("input · training");
  expect(await page.locator('[data-testid="lineage-node"][data-kind="model_artifact"]').count()).toBe(1);
  // The run hangs under its cell's train call, which brings its job.
  expect(await page.locator('[data-testid="lineage-node"][data-kind="job"]').evaluateAll((gs) => gs.map((g) => g.getAttribute("aria-label") ?? ""))).toEqual(
    expect.arrayContaining([expect.stringMatching(/\/train\.mlpClassifier$/)]),
  );
  await screenshot(shots, page, "76-training-run-lineage");

  expect(problems).toEqual([]);
  await context.close();
}, 300_000);
