import type { Locator, Page } from "playwright-core";

/** How long another browser may take to show a change: the issue asks for one second. */
export const LIVE_MS = 1_000;

export function cells(page: Page): Locator {
  return page.getByTestId("cell");
}

/** The text Monaco shows in a cell (its non-breaking spaces read as spaces). */
export async function cellText(cell: Locator): Promise<string> {
  const text = await cell.locator(".view-lines").textContent();
  return (text ?? "").replace(/\u00a0/g, " ");
}

/** Opens a notebook and waits until its document is synced with the server. */
export async function openNotebook(page: Page, baseUrl: string, notebookId: string): Promise<void> {
  await page.goto(`${baseUrl}/notebooks/${notebookId}`);
  await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
}

/** Clicks into a cell's editor (edit mode) and waits for Monaco to hold the focus. */
export async function editCell(cell: Locator): Promise<void> {
  await cell.locator(".view-lines").click();
  await cell.locator(".monaco-editor.focused").waitFor();
}

/** Clicks a cell's frame outside its editor: the cell is selected in command mode. */
export async function selectCell(cell: Locator): Promise<void> {
  await cell.locator(".cell-gutter").click();
  await cell.page().locator('[data-testid="mode"][data-mode="command"]').waitFor();
}

/**
 * Polls until `check` passes or `ms` runs out; the last failure is thrown.
 *
 * @example
 * await within(LIVE_MS, async () => expect(await cells(page).count()).toBe(2));
 */
export async function within(ms: number, check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** The name label of a remote cursor inside a cell, as the CSS draws it ('"Ada Admin"'), or null. */
export async function remoteCursorLabels(cell: Locator): Promise<string[]> {
  return cell.locator(".yRemoteSelectionHead").evaluateAll((heads) => heads.map((head) => getComputedStyle(head, "::after").content));
}

/**
 * Selects `length` characters of a cell's first line from column `from`
 * (0-based) with the keyboard, as a person would.
 */
export async function selectInCell(cell: Locator, from: number, length: number): Promise<void> {
  await editCell(cell);
  const keyboard = cell.page().keyboard;
  await keyboard.press("Control+Home");
  for (let i = 0; i < from; i++) await keyboard.press("ArrowRight");
  for (let i = 0; i < length; i++) await keyboard.press("Shift+ArrowRight");
}

/** The texts Monaco highlights as commented ranges in a cell, one per range piece. */
export async function commentedTexts(cell: Locator): Promise<string[]> {
  return cell.locator(".comment-range").evaluateAll((spans) => spans.map((span) => (span.textContent ?? "").replace(/\u00a0/g, " ")));
}
