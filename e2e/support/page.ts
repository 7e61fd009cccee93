import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";

/** Where screenshots go: E2E_SCREENSHOT_DIR, or a new temp dir. */
export async function screenshotDir(): Promise<string> {
  const dir = process.env.E2E_SCREENSHOT_DIR ?? (await mkdtemp(path.join(tmpdir(), "tracebook-shots-")));
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function screenshot(dir: string, page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Signs in on the login page the browser is on, and waits for the notebook list. */
export async function logIn(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/notebooks");
}

/**
 * Collects what must fail a test: script errors, console errors, and any
 * request that leaves the server (fonts, CDNs, workers included).
 */
export function watch(context: BrowserContext, origin: string): string[] {
  const problems: string[] = [];
  const wsOrigin = origin.replace(/^http/, "ws");
  context.on("page", (page) => {
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}${process.env.E2E_STACKS ? `\n${error.stack}` : ""}`));
    page.on("console", (message) => {
      // Refused API calls (wrong password, validation) are expected and logged by the browser itself.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        problems.push(`console error: ${message.text()}`);
      }
    });
    page.on("websocket", (socket) => {
      if (!socket.url().startsWith(wsOrigin)) problems.push(`external WebSocket: ${socket.url()}`);
    });
  });
  context.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) problems.push(`external request: ${url}`);
  });
  return problems;
}
