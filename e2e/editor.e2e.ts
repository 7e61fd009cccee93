import type { Browser, BrowserContext, Page, WebSocketRoute } from "playwright-core";
import { expectCreated } from "./support/api";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ApiClient } from "../test/client";
import { launchBrowser } from "./support/browser";
import { cells, cellText, editCell, LIVE_MS, openNotebook, remoteCursorLabels, selectCell, within } from "./support/editor";
import { logIn, screenshot, screenshotDir, watch } from "./support/page";
import { startTracebook, type TracebookServer } from "./support/server";

const ADA = { username: "ada", name: "Ada Admin", password: "admin-password-1" };
const BOB = { username: "bob", name: "Bob Builder", password: "bob-password-1" };
const VERA = { username: "vera", name: "Vera Viewer", password: "vera-password-1" };

let server: TracebookServer;
let browser: Browser;
let shots: string;
let notebookId: string;
const opened: Array<{ context: BrowserContext; problems: string[] }> = [];

beforeAll(async () => {
  server = await startTracebook();
  browser = await launchBrowser();
  shots = await screenshotDir();
  console.log(`[e2e] server ${server.url}; screenshots in ${shots}`);
  // The workspace, its people and the notebook come from the API; the browsers only edit.
  const admin = new ApiClient(server.url);
  await expectCreated(admin.post("/api/auth/signup", ADA));
  const bob = await expectCreated(admin.post("/api/users", { ...BOB, role: "member" }));
  const vera = await expectCreated(admin.post("/api/users", { ...VERA, role: "member" }));
  notebookId = (await expectCreated(admin.post("/api/notebooks", { name: "Live collaboration" }))).notebook.id;
  await expectCreated(admin.put(`/api/notebooks/${notebookId}/members`, { userId: bob.user.id, role: "editor" }));
  await expectCreated(admin.put(`/api/notebooks/${notebookId}/members`, { userId: vera.user.id, role: "viewer" }));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * A signed-in browser context of its own (own cookies, own WebSocket) on the
 * notebook; `prepare` may route its traffic before the first page opens.
 */
async function openAs(user: { username: string; password: string }, prepare?: (context: BrowserContext) => Promise<void>): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const problems = watch(context, server.url);
  opened.push({ context, problems });
  await prepare?.(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await logIn(page, user);
  await openNotebook(page, server.url, notebookId);
  return page;
}

async function presenceNames(page: Page): Promise<string[]> {
  return page.getByTestId("presence-avatar").evaluateAll((items) => items.map((item) => item.getAttribute("aria-label") ?? ""));
}

async function avatarColours(page: Page): Promise<string[]> {
  return page.getByTestId("presence-avatar").evaluateAll((items) => items.map((item) => getComputedStyle(item).backgroundColor));
}

let ada: Page;
let bob: Page;

test("two editors see each other's cells, text and cursors within a second", async () => {
  ada = await openAs(ADA);
  bob = await openAs(BOB);
  await within(10_000, async () => expect(await presenceNames(ada)).toEqual(["Ada Admin (you)", "Bob Builder"]));
  await within(10_000, async () => expect(await presenceNames(bob)).toEqual(["Bob Builder (you)", "Ada Admin"]));
  // Everyone wears a colour of their own (cursors and avatars would be confused otherwise).
  await within(5_000, async () => {
    expect(new Set(await avatarColours(ada)).size).toBe(2);
  });
  await ada.getByTestId("cells-empty").waitFor();

  // A new cell, then text, then the cursor with its name label.
  await ada.getByRole("button", { name: "+ Code" }).click();
  await cells(ada).first().waitFor();
  await within(LIVE_MS, async () => expect(await cells(bob).count()).toBe(1));

  await editCell(cells(ada).nth(0));
  await ada.keyboard.type("const alpha = 1;");
  await within(LIVE_MS, async () => expect(await cellText(cells(ada).nth(0))).toBe("const alpha = 1;"));
  await within(LIVE_MS, async () => expect(await cellText(cells(bob).nth(0))).toBe("const alpha = 1;"));
  await within(LIVE_MS, async () => expect(await remoteCursorLabels(cells(bob).nth(0))).toEqual(['"Ada Admin"']));
  await ada.locator('[data-testid="save-status"][data-saved="true"]').waitFor({ timeout: 10_000 });
  expect(await ada.getByTestId("save-status").textContent()).toBe("Saved");

  // Bob adds a cell with the keyboard (B in command mode), then types in it after Enter.
  await selectCell(cells(bob).nth(0));
  await bob.keyboard.press("b");
  await within(LIVE_MS, async () => expect(await cells(ada).count()).toBe(2));
  // Typed straight after Enter, while the new cell's editor is still mounting: nothing is lost.
  await bob.keyboard.press("Enter");
  await bob.keyboard.type("let beta: string = alpha;");
  await within(LIVE_MS, async () => expect(await cellText(cells(ada).nth(1))).toBe("let beta: string = alpha;"));
  await within(LIVE_MS, async () => expect(await remoteCursorLabels(cells(ada).nth(1))).toEqual(['"Bob Builder"']));
  // Ada sees Bob's presence on that cell in its gutter.
  await within(LIVE_MS, async () => expect(await cells(ada).nth(1).locator(".cell-visitor").getAttribute("title")).toBe("Bob Builder is on this cell"));
  await bob.locator('[data-testid="save-status"][data-saved="true"]').waitFor({ timeout: 10_000 });
  // The TypeScript worker runs from the bundle and sees the other cell's declaration: number is not string.
  await cells(bob).nth(1).locator(".squiggly-error").waitFor({ timeout: 30_000 });
  expect(await cells(bob).nth(0).locator(".squiggly-error").count()).toBe(0);

  // Per-user undo: Ada's Ctrl+Z takes back her own typing, not Bob's later edit.
  await ada.keyboard.type(" // mine");
  await within(LIVE_MS, async () => expect(await cellText(cells(bob).nth(0))).toBe("const alpha = 1; // mine"));
  await editCell(cells(bob).nth(0));
  await bob.keyboard.press("Control+Home");
  await bob.keyboard.type("export ");
  await within(LIVE_MS, async () => expect(await cellText(cells(ada).nth(0))).toBe("export const alpha = 1; // mine"));
  await ada.keyboard.press("Control+z");
  await within(LIVE_MS, async () => expect(await cellText(cells(ada).nth(0))).toBe("export const alpha = 1;"));
  await within(LIVE_MS, async () => expect(await cellText(cells(bob).nth(0))).toBe("export const alpha = 1;"));
  await ada.keyboard.press("Control+Shift+z");
  await within(LIVE_MS, async () => expect(await cellText(cells(bob).nth(0))).toBe("export const alpha = 1; // mine"));
  await screenshot(shots, ada, "20-editor-ada");
  await screenshot(shots, bob, "21-editor-bob");
});

test("command mode: delete, undo delete, move, duplicate, change type and markdown", async () => {
  // Esc leaves the editor; J selects the next cell; D D deletes it; Z brings it back.
  await ada.keyboard.press("Escape");
  await ada.locator('[data-testid="mode"][data-mode="command"]').waitFor();
  await ada.keyboard.press("j");
  await cells(ada).nth(1).and(ada.locator('[aria-selected="true"]')).waitFor();
  await ada.keyboard.press("d");
  await ada.keyboard.press("d");
  await within(LIVE_MS, async () => expect(await cells(bob).count()).toBe(1));
  await ada.keyboard.press("z");
  await within(LIVE_MS, async () => expect(await cells(bob).count()).toBe(2));
  await within(LIVE_MS, async () => expect(await cellText(cells(bob).nth(1))).toBe("let beta: string = alpha;"));

  // Toolbar: move the first cell down, duplicate it, make the copy markdown.
  await selectCell(cells(ada).nth(0));
  await cells(ada).nth(0).getByRole("button", { name: "Move cell down" }).click();
  await within(LIVE_MS, async () => expect(await cellText(cells(bob).nth(1))).toBe("export const alpha = 1; // mine"));
  await cells(ada).nth(1).getByRole("button", { name: "Duplicate cell" }).click();
  await within(LIVE_MS, async () => expect(await cells(bob).count()).toBe(3));
  await cells(ada).nth(2).getByLabel("Cell type").selectOption("markdown");
  await within(LIVE_MS, async () => expect(await cells(bob).nth(2).getAttribute("data-kind")).toBe("markdown"));
  await cells(ada).nth(2).getByRole("button", { name: "Delete cell" }).click();
  await within(LIVE_MS, async () => expect(await cells(bob).count()).toBe(2));

  // A markdown cell: written in edit mode, rendered (and sanitized) once Ctrl+Enter leaves it.
  await ada.getByRole("button", { name: "+ Markdown" }).click();
  await within(LIVE_MS, async () => expect(await cells(bob).count()).toBe(3));
  await ada.keyboard.press("Enter");
  await cells(ada).nth(2).locator(".monaco-editor.focused").waitFor();
  await ada.keyboard.type("# Results");
  await ada.keyboard.press("Enter");
  await ada.keyboard.press("Enter");
  await ada.keyboard.type('Loss went **down**. <img src="data:," onerror="window.pwned=1">');
  await ada.keyboard.press("Control+Enter");
  const rendered = cells(ada).nth(2).getByTestId("markdown-preview");
  await rendered.locator("h1", { hasText: "Results" }).waitFor();
  await within(LIVE_MS, async () => expect(await cells(bob).nth(2).getByTestId("markdown-preview").locator("strong").textContent()).toBe("down"));
  await within(LIVE_MS, async () => expect(await cells(bob).nth(2).getByTestId("markdown-preview").locator("img").count()).toBe(1));
  expect(await bob.locator("[onerror]").count()).toBe(0);
  expect(await bob.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();

  // M and Y switch kinds from the keyboard; Shift+Enter on the last cell makes a new one.
  await ada.keyboard.press("y");
  await within(LIVE_MS, async () => expect(await cells(bob).nth(2).getAttribute("data-kind")).toBe("code"));
  await ada.keyboard.press("m");
  await within(LIVE_MS, async () => expect(await cells(bob).nth(2).getAttribute("data-kind")).toBe("markdown"));
  await ada.keyboard.press("Shift+Enter");
  await within(LIVE_MS, async () => expect(await cells(bob).count()).toBe(4));
  await cells(ada).nth(3).locator(".monaco-editor.focused").waitFor();
  await ada.keyboard.press("Escape");
  await ada.keyboard.press("d");
  await ada.keyboard.press("d");
  await within(LIVE_MS, async () => expect(await cells(bob).count()).toBe(3));
  await screenshot(shots, ada, "22-editor-commands-ada");
  await screenshot(shots, bob, "23-editor-commands-bob");
});

test("after a dropped connection the editor says so, reconnects by itself and catches up both ways", async () => {
  // Ada's second device: its collab WebSocket passes through a switch the test can pull.
  let down = false;
  const links: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
  const laptop = await openAs(ADA, (context) =>
    context.routeWebSocket(/\/collab\//, (ws) => {
      if (down) return ws.close({ code: 3000, reason: "network down" });
      links.push({ page: ws, server: ws.connectToServer() });
    }),
  );
  const start = await cellText(cells(bob).nth(0));
  await within(10_000, async () => expect(await cellText(cells(laptop).nth(0))).toBe(start));

  down = true;
  for (const link of links.splice(0)) {
    await link.page.close({ code: 3000, reason: "network down" });
    await link.server.close();
  }
  await laptop.locator('[data-testid="connection-status"][data-state="offline"]').waitFor();

  // Both sides edit while apart.
  await editCell(cells(laptop).nth(0));
  await laptop.keyboard.press("Control+End");
  await laptop.keyboard.type(" // offline");
  expect(await laptop.getByTestId("save-status").textContent()).toBe("Unsaved changes");
  await editCell(cells(bob).nth(1));
  await bob.keyboard.press("Control+End");
  await bob.keyboard.type(" // meanwhile");
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await cellText(cells(bob).nth(0))).toBe(start);

  down = false;
  await laptop.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: 15_000 });
  await laptop.locator('[data-testid="save-status"][data-saved="true"]').waitFor({ timeout: 10_000 });
  await within(LIVE_MS, async () => expect(await cellText(cells(bob).nth(0))).toBe(`${start} // offline`));
  await within(LIVE_MS, async () => expect(await cellText(cells(laptop).nth(1))).toBe(await cellText(cells(bob).nth(1))));
  expect(await cellText(cells(laptop).nth(1))).toMatch(/ \/\/ meanwhile$/);
  await screenshot(shots, laptop, "24-editor-reconnected");
});

test("a viewer follows along but cannot type or change cells", async () => {
  const vera = await openAs(VERA);
  await vera.getByTestId("readonly-note").waitFor();
  expect(await vera.getByRole("button", { name: "+ Code" }).count()).toBe(0);
  expect(await vera.getByRole("toolbar", { name: "Cell actions" }).count()).toBe(0);
  expect(await vera.getByTestId("save-status").count()).toBe(0);
  await within(10_000, async () => expect(await presenceNames(ada)).toEqual(["Ada Admin (you)", "Bob Builder", "Vera Viewer"]));
  await within(5_000, async () => {
    expect(new Set(await avatarColours(ada)).size).toBe(3);
  });

  const before = await cellText(cells(ada).nth(0));
  await within(10_000, async () => expect(await cellText(cells(vera).nth(0))).toBe(before));
  await editCell(cells(vera).nth(0));
  await vera.keyboard.type("zzz");
  await vera.keyboard.press("Backspace");
  await vera.keyboard.press("Escape");
  await vera.keyboard.press("d");
  await vera.keyboard.press("d");
  await vera.keyboard.press("b");
  // Give a refused edit every chance to show up anywhere.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await cellText(cells(vera).nth(0))).toBe(before);
  expect(await cellText(cells(ada).nth(0))).toBe(before);
  expect(await cells(vera).count()).toBe(3);
  expect(await cells(ada).count()).toBe(3);

  // Edits by others still reach the viewer live.
  await editCell(cells(ada).nth(0));
  await ada.keyboard.press("Control+End");
  await ada.keyboard.type(" // seen");
  await within(LIVE_MS, async () => expect(await cellText(cells(vera).nth(0))).toBe(`${before} // seen`));
  await within(LIVE_MS, async () => expect(await remoteCursorLabels(cells(vera).nth(0))).toContain('"Ada Admin"'));
  await screenshot(shots, vera, "25-editor-viewer");

  for (const { problems } of opened) expect(problems).toEqual([]);
  for (const { context } of opened) await context.close();
});
