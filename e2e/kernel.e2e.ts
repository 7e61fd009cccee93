import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ApiClient } from "../test/client";
import { expectCreated } from "./support/api";
import { launchBrowser } from "./support/browser";
import { cells, cellText, editCell, LIVE_MS, within } from "./support/editor";
import { screenshot, screenshotDir } from "./support/page";
import { startTracebook, type TracebookServer } from "./support/server";
import { openNotebookAs, type OpenedContext } from "./support/session";

const ADA = { username: "ada", name: "Ada Admin", password: "admin-password-1" };
const RITA = { username: "rita", name: "Rita Runner", password: "rita-password-1" };
const VERA = { username: "vera", name: "Vera Viewer", password: "vera-password-1" };

/** A notebook in the percent format: the run starts from cell 1 and reaches cell 2 through `total`. */
const NOTEBOOK = [
  "// %%",
  "const total = 40;",
  "",
  "// %%",
  "total + 2",
  "",
  "// %%",
  "const bar = display.progress({ label: 'steps', total: 4 });",
  "for (let step = 1; step <= 4; step++) {",
  "  await sleep(400);",
  "  bar.update(step);",
  "}",
  "bar.done();",
  "",
].join("\n");

let server: TracebookServer;
let browser: Browser;
let shots: string;
let notebookId: string;
const opened: OpenedContext[] = [];

beforeAll(async () => {
  server = await startTracebook();
  browser = await launchBrowser();
  shots = await screenshotDir();
  const admin = new ApiClient(server.url);
  await expectCreated(admin.post("/api/auth/signup", ADA));
  const rita = await expectCreated(admin.post("/api/users", { ...RITA, role: "member" }));
  const vera = await expectCreated(admin.post("/api/users", { ...VERA, role: "member" }));
  notebookId = (await expectCreated(admin.post("/api/notebooks/import", { name: "Kernel e2e", format: "percent", content: NOTEBOOK }))).notebook.id;
  await expectCreated(admin.put(`/api/notebooks/${notebookId}/members`, { userId: rita.user.id, role: "runner" }));
  await expectCreated(admin.put(`/api/notebooks/${notebookId}/members`, { userId: vera.user.id, role: "viewer" }));
});

afterAll(async () => {
  for (const { problems } of opened) expect(problems).toEqual([]);
  await browser?.close();
  await server?.stop();
});

function openAs(user: { username: string; password: string }): Promise<Page> {
  return openNotebookAs(browser, server.url, notebookId, user, opened);
}

async function progressValues(page: Page): Promise<number[]> {
  return page.locator('[data-testid="output-progress"] progress').evaluateAll((bars) => bars.map((bar) => (bar as HTMLProgressElement).value));
}

test("a runner's Shift+Enter runs the cell; a viewer sees the output, who ran it and a live progress bar", async () => {
  const rita = await openAs(RITA);
  const vera = await openAs(VERA);
  await within(10_000, async () => expect(await cells(vera).count()).toBe(3));

  await editCell(cells(rita).nth(0));
  await rita.keyboard.press("Shift+Enter");
  // Autorun: cell 2 reads `total`, so it runs too; Vera sees its value and who ran it.
  const value = cells(vera).nth(1).getByTestId("output-value");
  await value.waitFor({ timeout: 30_000 });
  expect(await value.textContent()).toContain("42");
  await within(LIVE_MS, async () => expect(await cells(vera).nth(1).getByTestId("cell-status").textContent()).toContain("Rita Runner"));
  expect(await cells(vera).nth(0).getByTestId("cell-status").getAttribute("data-status")).toBe("done");
  await screenshot(shots, vera, "40-kernel-viewer-sees-run");

  // The progress bar advances in place for the viewer while the cell runs.
  await editCell(cells(rita).nth(2));
  await rita.keyboard.press("Control+Enter");
  const seen = new Set<number>();
  await within(30_000, async () => {
    for (const v of await progressValues(vera)) seen.add(v);
    expect(await cells(vera).nth(2).getByTestId("cell-status").getAttribute("data-status")).toBe("done");
  });
  expect([...seen].filter((v) => v > 0 && v < 4).length).toBeGreaterThan(0);
  expect(await progressValues(vera)).toEqual([4]);
  expect(await cells(vera).nth(2).getByTestId("output-progress").count()).toBe(1);
  await screenshot(shots, vera, "41-kernel-progress-done");
});

test("a type error shows as a squiggle before anything runs", async () => {
  const ada = await openAs(ADA);
  await within(10_000, async () => expect(await cells(ada).count()).toBe(3));
  await editCell(cells(ada).nth(1));
  await ada.keyboard.press("End");
  await ada.keyboard.type(";\nconst label: string = total;");
  await within(LIVE_MS, async () => expect(await cellText(cells(ada).nth(1))).toContain("const label: string = total;"));
  // `total` is a number declared in cell 1: the TypeScript worker sees across cells.
  await cells(ada).nth(1).locator(".squiggly-error").first().waitFor({ timeout: 30_000 });
  expect(await cells(ada).nth(0).locator(".squiggly-error").count()).toBe(0);
  expect(await cells(ada).nth(1).getByTestId("cell-status").getAttribute("data-status")).toBe("done");
  await screenshot(shots, ada, "42-kernel-type-error");
});

test("an admin changes the workspace's kernel limits, and they persist", async () => {
  const ada = await openAs(ADA);
  await ada.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Kernel settings" }).click();
  const memory = ada.getByLabel("Memory per kernel (MB)");
  await memory.waitFor();
  expect(await memory.inputValue()).toBe("512");
  await memory.fill("256");
  await ada.getByRole("button", { name: "Save" }).click();
  await ada.getByText("Saved. Kernels started from now on use these limits.").waitFor();
  await ada.reload();
  await within(10_000, async () => expect(await ada.getByLabel("Memory per kernel (MB)").inputValue()).toBe("256"));
  const api = new ApiClient(server.url);
  expect((await api.post("/api/auth/login", { username: ADA.username, password: ADA.password })).status).toBe(200);
  expect((await api.get("/api/workspace/kernel-settings")).body.settings.memoryLimitMb).toBe(256);
  await screenshot(shots, ada, "43-kernel-settings");
});
