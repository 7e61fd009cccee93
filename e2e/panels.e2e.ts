import { readFile } from "node:fs/promises";
import { expectCreated } from "./support/api";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ApiClient } from "../test/client";
import { launchBrowser } from "./support/browser";
import { cells, cellText, commentedTexts, editCell, LIVE_MS, selectInCell, within } from "./support/editor";
import { screenshot, screenshotDir } from "./support/page";
import { ROOT, startTracebook, type TracebookServer } from "./support/server";
import { openNotebookAs, type OpenedContext } from "./support/session";

const ADA = { username: "ada", name: "Ada Admin", password: "admin-password-1" };
const BOB = { username: "bob", name: "Bob Builder", password: "bob-password-1" };
const VERA = { username: "vera", name: "Vera Viewer", password: "vera-password-1" };
const RITA = { username: "rita", name: "Rita Reviewer", password: "rita-password-1" };
const INVALID_IPYNB = path.resolve(ROOT, "../shared/data/ipynb/invalid.ipynb");

/** The notebook the scenarios start from, imported through the API in the percent format. */
const START = "// %%\nconst learningRate = 0.3;\nconst epochs = 10;\n\n// %% [markdown]\n// # Notes\n";

let server: TracebookServer;
let browser: Browser;
let shots: string;
let notebookId: string;
const opened: OpenedContext[] = [];

beforeAll(async () => {
  server = await startTracebook();
  browser = await launchBrowser();
  shots = await screenshotDir();
  console.log(`[e2e] server ${server.url}; screenshots in ${shots}`);
  const admin = new ApiClient(server.url);
  await expectCreated(admin.post("/api/auth/signup", ADA));
  const bob = await expectCreated(admin.post("/api/users", { ...BOB, role: "member" }));
  const vera = await expectCreated(admin.post("/api/users", { ...VERA, role: "member" }));
  const rita = await expectCreated(admin.post("/api/users", { ...RITA, role: "member" }));
  notebookId = (await expectCreated(admin.post("/api/notebooks/import", { filename: "Panels.ts", content: START }))).notebook.id;
  await expectCreated(admin.put(`/api/notebooks/${notebookId}/members`, { userId: bob.user.id, role: "editor" }));
  await expectCreated(admin.put(`/api/notebooks/${notebookId}/members`, { userId: vera.user.id, role: "viewer" }));
  await expectCreated(admin.put(`/api/notebooks/${notebookId}/members`, { userId: rita.user.id, role: "reviewer" }));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function openAs(user: { username: string; password: string }): Promise<Page> {
  return openNotebookAs(browser, server.url, notebookId, user, opened);
}

const threads = (page: Page) => page.getByTestId("thread");

let ada: Page;
let bob: Page;

test("a comment thread on a text range reaches the other user live: reply, highlight that follows edits, resolve", async () => {
  ada = await openAs(ADA);
  bob = await openAs(BOB);
  await bob.getByTestId("toggle-comments").click();
  await bob.getByTestId("comments-empty").waitFor();

  // Ada selects "0.3" in the first cell and comments on it, mentioning Bob from the suggestions.
  await selectInCell(cells(ada).nth(0), "const learningRate = ".length, 3);
  await cells(ada).nth(0).getByRole("button", { name: "Comment", exact: true }).click();
  const draft = ada.getByTestId("draft-thread");
  expect(await draft.getByTestId("draft-quote").textContent()).toBe("0.3");
  const box = draft.getByRole("textbox");
  await box.pressSequentially("Why 0.3? @bo");
  await ada.getByTestId("mention-suggestions").getByRole("option", { name: /Bob Builder/ }).waitFor();
  await screenshot(shots, ada, "30-comment-draft-mention");
  await box.press("Enter");
  await box.pressSequentially("can you check?");
  expect(await box.inputValue()).toBe("Why 0.3? @bob can you check?");
  await draft.getByRole("button", { name: "Comment", exact: true }).click();
  await draft.waitFor({ state: "detached" });
  await within(LIVE_MS, async () => expect(await commentedTexts(cells(ada).nth(0))).toEqual(["0.3"]));

  // Bob: the thread, its quote, the highlighted mention and the highlighted range, within a second.
  await within(LIVE_MS, async () => expect(await threads(bob).count()).toBe(1));
  const bobThread = threads(bob).first();
  expect(await bobThread.getByTestId("thread-quote").textContent()).toBe("0.3");
  expect(await bobThread.getByTestId("comment-body").textContent()).toBe("Why 0.3? @bob can you check?");
  expect(await bobThread.getByTestId("mention").textContent()).toBe("@bob");
  await within(LIVE_MS, async () => expect(await commentedTexts(cells(bob).nth(0))).toEqual(["0.3"]));
  expect(await cells(bob).nth(0).getByTestId("cell-comment-badge").textContent()).toBe("1");

  // Bob replies; Ada sees it live.
  await bobThread.getByRole("textbox", { name: "Reply" }).fill("Tuned on the sweep, see @ada for details");
  await bobThread.getByRole("button", { name: "Reply" }).click();
  await within(LIVE_MS, async () => expect(await threads(ada).first().getByTestId("comment").count()).toBe(2));
  expect(await threads(ada).first().getByTestId("comment").nth(1).textContent()).toContain("Bob Builder");
  expect(await threads(ada).first().getByTestId("mention").nth(1).textContent()).toBe("@ada");

  // The range follows edits: text typed before it moves it, and its text stays "0.3".
  await editCell(cells(ada).nth(0));
  await ada.keyboard.press("Control+Home");
  await ada.keyboard.type("export ");
  await within(LIVE_MS, async () => expect(await cellText(cells(bob).nth(0))).toMatch(/^export const learningRate = 0\.3;/));
  await within(LIVE_MS, async () => expect(await commentedTexts(cells(bob).nth(0))).toEqual(["0.3"]));
  await screenshot(shots, ada, "31-comments-ada");
  await screenshot(shots, bob, "32-comments-bob");

  // Ada resolves: Bob sees it resolved, the badge and the highlight go away.
  await threads(ada).first().getByRole("button", { name: "Resolve" }).click();
  await within(LIVE_MS, async () => expect(await threads(bob).first().getAttribute("data-resolved")).toBe("true"));
  await within(LIVE_MS, async () => expect(await commentedTexts(cells(bob).nth(0))).toEqual([]));
  expect(await cells(bob).nth(0).getByTestId("cell-comment-badge").count()).toBe(0);
  expect(await threads(bob).first().getByRole("button", { name: "Reopen" }).count()).toBe(1);

  // A reviewer may not edit but may comment: only the comment tool on cells, and Reopen works.
  const rita = await openAs(RITA);
  await rita.getByTestId("toggle-comments").click();
  await threads(rita).first().waitFor();
  expect(await cells(rita).nth(0).getByRole("button", { name: "Comment", exact: true }).count()).toBe(1);
  expect(await cells(rita).nth(0).getByRole("button", { name: "Delete cell" }).count()).toBe(0);
  await threads(rita).first().getByRole("button", { name: "Reopen" }).click();
  await within(LIVE_MS, async () => expect(await threads(bob).first().getAttribute("data-resolved")).toBe("false"));
  await within(LIVE_MS, async () => expect(await cells(bob).nth(0).getByTestId("cell-comment-badge").count()).toBe(1));
  await screenshot(shots, rita, "33-comments-reviewer");
  await rita.context().close();

  // A viewer reads the thread but is offered no way to comment.
  const vera = await openAs(VERA);
  await vera.getByTestId("toggle-comments").click();
  await threads(vera).first().waitFor();
  expect(await threads(vera).first().getByTestId("comment").count()).toBe(2);
  expect(await vera.getByTestId("comments-panel").getByRole("textbox").count()).toBe(0);
  expect(await vera.getByRole("button", { name: /^(Resolve|Reopen)$/ }).count()).toBe(0);
  expect(await vera.getByRole("button", { name: "Comment", exact: true }).count()).toBe(0);
  await screenshot(shots, vera, "34-comments-viewer");
  await vera.context().close();
});

test("save a version, edit, see the diff, restore: the cell text comes back for everyone", async () => {
  const before = await cellText(cells(ada).nth(0));
  await ada.getByRole("button", { name: "Versions" }).click();
  const dialog = ada.getByTestId("versions-dialog");
  await dialog.getByLabel("Version name").fill("Baseline");
  await dialog.getByRole("button", { name: "Save version" }).click();
  await dialog.getByTestId("version-item").filter({ hasText: "Baseline" }).waitFor();
  await dialog.getByRole("button", { name: "Close" }).click();

  await editCell(cells(ada).nth(0));
  await ada.keyboard.press("Control+End");
  await ada.keyboard.type("\n// tuned by hand");
  await within(LIVE_MS, async () => expect(await cellText(cells(bob).nth(0))).toBe(`${before}// tuned by hand`));
  await ada.locator('[data-testid="save-status"][data-saved="true"]').waitFor({ timeout: 10_000 });

  await ada.getByRole("button", { name: "Versions" }).click();
  await dialog.getByTestId("version-item").filter({ hasText: "Baseline" }).click();
  const changed = dialog.getByTestId("cell-diff");
  await changed.first().waitFor();
  expect(await changed.count()).toBe(1);
  expect(await changed.first().getAttribute("data-status")).toBe("changed");
  expect(await changed.first().locator('[data-kind="added"]').allTextContents()).toEqual(["+// tuned by hand\n"]);
  expect(await dialog.getByTestId("diff-summary").textContent()).toBe("1 changed");
  await screenshot(shots, ada, "40-versions-diff");

  await dialog.getByRole("button", { name: "Restore…" }).click();
  await ada.getByTestId("confirm-dialog").getByRole("button", { name: "Restore" }).click();
  await dialog.getByText("Restored “Baseline”.", { exact: false }).waitFor();
  await dialog.getByText("The notebook is the same as this version.").waitFor();
  await dialog.getByTestId("version-item").filter({ hasText: "Before restoring “Baseline”" }).waitFor();
  await screenshot(shots, ada, "41-versions-restored");
  await dialog.getByRole("button", { name: "Close" }).click();
  await within(5_000, async () => expect(await cellText(cells(ada).nth(0))).toBe(before));
  await within(LIVE_MS, async () => expect(await cellText(cells(bob).nth(0))).toBe(before));
});

test("export downloads a valid .ipynb; import from the list creates a notebook; a bad file shows why", async () => {
  await ada.getByRole("button", { name: "Export" }).click();
  const [download] = await Promise.all([ada.waitForEvent("download"), ada.getByRole("menuitem", { name: /Jupyter notebook/ }).click()]);
  expect(download.suggestedFilename()).toBe("Panels.ipynb");
  const notebook = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(notebook.nbformat).toBe(4);
  expect(notebook.cells.map((cell: { cell_type: string }) => cell.cell_type)).toEqual(["code", "markdown"]);
  expect(notebook.cells[0].source.join("")).toBe("export const learningRate = 0.3;\nconst epochs = 10;");
  await ada.getByRole("button", { name: "Export" }).click();
  const [script] = await Promise.all([ada.waitForEvent("download"), ada.getByRole("menuitem", { name: /Percent script/ }).click()]);
  expect(script.suggestedFilename()).toBe("Panels.ts");
  expect(await readFile(await script.path(), "utf8")).toMatch(/^\/\/ %%\nexport const learningRate = 0\.3;/);

  // Import a percent file from the list page: the new notebook opens with its cells.
  await ada.goto(`${server.url}/notebooks`);
  const rows = ada.getByTestId("notebook-row");
  await rows.first().waitFor();
  const [chooser] = await Promise.all([ada.waitForEvent("filechooser"), ada.getByRole("button", { name: "Import…" }).click()]);
  const sweep = "// %% [markdown]\n// # Sweep\n\n// %%\nconst rates = [0.1, 0.3];\n\n// %%\nconsole.log(rates.length);\n";
  await chooser.setFiles({ name: "sweep.ts", mimeType: "text/plain", buffer: Buffer.from(sweep) });
  await ada.waitForURL((url) => /\/notebooks\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(notebookId));
  await ada.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
  expect(await ada.getByTestId("notebook-title").textContent()).toBe("sweep");
  await within(5_000, async () => expect(await cells(ada).count()).toBe(3));
  expect(await cells(ada).evaluateAll((list) => list.map((cell) => cell.getAttribute("data-kind")))).toEqual(["markdown", "code", "code"]);
  await within(5_000, async () => expect(await cellText(cells(ada).nth(1))).toBe("const rates = [0.1, 0.3];"));
  expect(await cells(ada).nth(0).getByTestId("markdown-preview").locator("h1").textContent()).toBe("Sweep");

  // Replace from file: the cells become the file's, after a confirmation.
  await ada.getByRole("button", { name: "Export" }).click();
  await screenshot(shots, ada, "36-export-menu");
  const [replaceChooser] = await Promise.all([ada.waitForEvent("filechooser"), ada.getByRole("menuitem", { name: /Replace from file/ }).click()]);
  await replaceChooser.setFiles({ name: "two.ts", mimeType: "text/plain", buffer: Buffer.from("// %%\nconst replaced = true;\n") });
  await screenshot(shots, ada, "37-replace-confirm");
  await ada.getByTestId("confirm-dialog").getByRole("button", { name: "Replace" }).click();
  await within(5_000, async () => expect(await cells(ada).count()).toBe(1));
  await within(5_000, async () => expect(await cellText(cells(ada).nth(0))).toBe("const replaced = true;"));
  await ada.getByText(/Replaced the cells with the 1 cell of two\.ts/).waitFor();

  // An invalid notebook: the server's reason is shown and nothing is created.
  await ada.goto(`${server.url}/notebooks`);
  await rows.first().waitFor();
  const count = await rows.count();
  const [badChooser] = await Promise.all([ada.waitForEvent("filechooser"), ada.getByRole("button", { name: "Import…" }).click()]);
  await badChooser.setFiles(INVALID_IPYNB);
  const alert = ada.getByTestId("alert");
  await alert.waitFor();
  expect(await alert.textContent()).toContain("cells[0].source: is required");
  await screenshot(shots, ada, "38-import-invalid");
  expect(await rows.count()).toBe(count);
  expect(ada.url()).toBe(`${server.url}/notebooks`);

  for (const { problems } of opened) expect(problems).toEqual([]);
  for (const { context } of opened) await context.close();
});
