import type { Browser, BrowserContext, Page } from "playwright-core";
import { openNotebook } from "./editor";
import { logIn, watch } from "./page";

export interface OpenedContext {
  context: BrowserContext;
  /** Console errors and requests that left the server, collected for the end of the file. */
  problems: string[];
}

/**
 * A signed-in browser context of its own (own cookies, own WebSocket) on a
 * notebook, recorded in `opened` so the file can check its problems at the end.
 *
 * @example
 * const page = await openNotebookAs(browser, server.url, notebookId, ADA, opened);
 */
export async function openNotebookAs(
  browser: Browser,
  baseUrl: string,
  notebookId: string,
  user: { username: string; password: string },
  opened: OpenedContext[],
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  opened.push({ context, problems: watch(context, baseUrl) });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await logIn(page, user);
  await openNotebook(page, baseUrl, notebookId);
  return page;
}
