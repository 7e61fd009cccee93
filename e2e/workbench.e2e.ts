import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchBrowser } from "./support/browser";
import { logIn, screenshot as takeScreenshot, screenshotDir, watch } from "./support/page";
import { startTracebook, type TracebookServer } from "./support/server";

const ADMIN = { username: "ada", name: "Ada Admin", password: "admin-password-1" };
const RUNNER = { username: "rita", name: "Rita Runner", password: "runner-password-1" };
const NOTEBOOK = "Training run analysis";

let server: TracebookServer;
let browser: Browser;
let shots: string;

beforeAll(async () => {
  server = await startTracebook();
  browser = await launchBrowser();
  shots = await screenshotDir();
  console.log(`[e2e] server ${server.url}; screenshots in ${shots}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function screenshot(page: Page, name: string) {
  return takeScreenshot(shots, page, name);
}

async function logOut(page: Page) {
  await page.getByTestId("user-menu").click();
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL("**/login");
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
}

test("an admin shares a notebook with a runner, who sees it with that role only", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const problems = watch(context, server.url);
  const page = await context.newPage();

  // Anonymous visitors land on the sign-in page; a new workspace offers first-run sign-up.
  await page.goto(`${server.url}/`);
  await page.waitForURL("**/login");
  await page.getByRole("link", { name: "Create the admin account" }).click();
  await page.waitForURL("**/signup");

  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Name", { exact: true }).fill(ADMIN.name);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await screenshot(page, "01-signup");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await page.waitForURL("**/notebooks");

  // The admin's navigation: Notebooks, Datasets, Experiments, Members and Kernel settings, nothing that is not built.
  const nav = page.getByRole("navigation", { name: "Main" });
  expect(await nav.getByRole("link").allTextContents()).toEqual(["Notebooks", "Datasets", "Experiments", "Members", "Kernel settings"]);

  await page.getByLabel("New notebook name").fill(NOTEBOOK);
  await page.getByRole("button", { name: "Create notebook" }).click();
  const row = page.getByTestId("notebook-row").filter({ hasText: NOTEBOOK });
  await row.waitFor();
  expect(await row.getByTestId("notebook-role").textContent()).toBe("owner");
  await screenshot(page, "02-notebooks-admin");

  // Members: add a second account directly.
  await nav.getByRole("link", { name: "Members" }).click();
  await page.waitForURL("**/members");
  const addUser = page.getByTestId("add-user-form");
  await addUser.getByLabel("Username").fill(RUNNER.username);
  await addUser.getByLabel("Name", { exact: true }).fill(RUNNER.name);
  await addUser.getByLabel("Password").fill(RUNNER.password);
  await addUser.getByLabel("Role").selectOption("member");
  await addUser.getByRole("button", { name: "Add user" }).click();
  await page.getByTestId("user-row").filter({ hasText: RUNNER.username }).waitFor();
  await screenshot(page, "03-members");

  // Share the notebook with the second user as runner.
  await nav.getByRole("link", { name: "Notebooks" }).click();
  await page.waitForURL("**/notebooks");
  await page.getByRole("button", { name: `Share ${NOTEBOOK}` }).click();
  const dialog = page.getByRole("dialog", { name: `Share “${NOTEBOOK}”` });
  await dialog.getByLabel("Person").selectOption({ label: `${RUNNER.name} (@${RUNNER.username})` });
  await dialog.getByLabel("Role", { exact: true }).selectOption("runner");
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  const granted = dialog.getByLabel(`Role for ${RUNNER.username}`);
  await granted.waitFor();
  expect(await granted.inputValue()).toBe("runner");
  await screenshot(page, "04-share-dialog");
  await dialog.getByRole("button", { name: "Done" }).click();
  await dialog.waitFor({ state: "hidden" });

  await logOut(page);

  // The runner sees the notebook with their role, and no owner actions.
  await logIn(page, RUNNER);
  const shared = page.getByTestId("notebook-row").filter({ hasText: NOTEBOOK });
  await shared.waitFor();
  expect(await shared.getByTestId("notebook-role").textContent()).toBe("runner");
  expect(await shared.getByRole("button").count()).toBe(0);
  expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents()).toEqual(["Notebooks", "Datasets", "Experiments"]);
  await screenshot(page, "05-notebooks-runner");

  await logOut(page);
  expect(new URL(page.url()).pathname).toBe("/login");
  await screenshot(page, "06-login");

  expect(problems).toEqual([]);
  await context.close();
});

test("errors, trash, the notebook page, tokens and invites", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const problems = watch(context, server.url);
  const page = await context.newPage();

  // A wrong password is reported in an alert; sign-up is closed once set up.
  await page.goto(`${server.url}/signup`);
  await page.getByRole("heading", { name: "Sign-up is closed" }).waitFor();
  await page.getByRole("link", { name: "Go to sign in" }).click();
  await page.waitForURL("**/login");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  expect(await page.getByTestId("alert").textContent()).toContain("wrong username or password");
  await logIn(page, ADMIN);

  // The notebook page: header, the live editor (empty so far), and who has access under Share.
  await page.getByRole("link", { name: NOTEBOOK }).click();
  await page.waitForURL("**/notebooks/*");
  expect(await page.getByTestId("notebook-title").textContent()).toBe(NOTEBOOK);
  await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
  await page.getByTestId("cells-empty").waitFor();
  await screenshot(page, "07-notebook-page");
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const share = page.getByRole("dialog", { name: `Share “${NOTEBOOK}”` });
  expect(await share.getByLabel(`Role for ${RUNNER.username}`).inputValue()).toBe("runner");
  await share.getByRole("button", { name: "Done" }).click();
  await share.waitFor({ state: "hidden" });

  // Trash, restore, trash again and delete forever.
  const scratch = "Scratch notebook";
  await page.getByRole("link", { name: "← Notebooks" }).click();
  await page.getByLabel("New notebook name").fill(scratch);
  await page.getByRole("button", { name: "Create notebook" }).click();
  await page.getByRole("button", { name: `Move to trash ${scratch}` }).click();
  await page.getByRole("button", { name: `Move to trash ${scratch}` }).waitFor({ state: "detached" });
  await page.getByRole("link", { name: "Trash" }).click();
  await page.waitForURL("**/notebooks?trashed=1");
  await page.getByRole("button", { name: `Restore ${scratch}` }).click();
  await page.getByTestId("notebooks-empty").waitFor();
  await page.getByRole("link", { name: "Notebooks", exact: true }).first().click();
  await page.getByRole("button", { name: `Move to trash ${scratch}` }).click();
  await page.getByRole("button", { name: `Move to trash ${scratch}` }).waitFor({ state: "detached" });
  await page.getByRole("link", { name: "Trash" }).click();
  await page.getByRole("button", { name: `Delete forever ${scratch}` }).click();
  await screenshot(page, "08-delete-confirm");
  await page.getByTestId("confirm-dialog").getByRole("button", { name: "Delete forever" }).click();
  await page.getByTestId("notebooks-empty").waitFor();

  // API errors from the server appear in an alert.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Members" }).click();
  const addUser = page.getByTestId("add-user-form");
  await addUser.getByLabel("Username").fill("shorty");
  await addUser.getByLabel("Name", { exact: true }).fill("Short Password");
  await addUser.getByLabel("Password").fill("short");
  await addUser.getByRole("button", { name: "Add user" }).click();
  expect(await addUser.getByTestId("alert").textContent()).toContain("at least 10 characters");

  // An invite link, shown once; opened anonymously it offers the role.
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByLabel("Invite link").inputValue();
  expect(link).toMatch(/\/invite\/tbi_/);
  await page.getByTestId("invite-list").waitFor();
  await screenshot(page, "09-members-invite");
  const anonymous = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const invitee = await anonymous.newPage();
  // Only the path is used: without TRACEBOOK_PUBLIC_URL the API builds the link's origin
  // from Next's request.url, which is http://localhost:<configured PORT> (3000 under PORT=0),
  // not the address the server was reached at.
  await invitee.goto(`${server.url}${new URL(link).pathname}`);
  await invitee.getByRole("heading", { name: "Join the workspace" }).waitFor();
  expect(await invitee.getByTestId("role-badge").textContent()).toBe("member");
  await screenshot(invitee, "10-invite");
  await invitee.goto(`${server.url}/invite/tbi_unknown`);
  await invitee.getByRole("heading", { name: "This invite link is not valid" }).waitFor();
  await anonymous.close();

  // API tokens: the secret is shown once; revoking removes the row.
  await page.getByTestId("user-menu").click();
  await page.getByRole("link", { name: "API tokens" }).click();
  await page.waitForURL("**/settings/tokens");
  await page.getByLabel("Token name").fill("CI runner");
  await page.getByRole("button", { name: "Create token" }).click();
  expect(await page.getByLabel("New token").inputValue()).toMatch(/^tbk_/);
  await screenshot(page, "11-tokens");
  await page.getByRole("button", { name: "Revoke CI runner" }).click();
  await page.getByText("No API tokens yet.").waitFor();

  // Password change: a wrong current password is refused with the API's message.
  await page.getByTestId("user-menu").click();
  await page.getByRole("link", { name: "Change password" }).click();
  await page.waitForURL("**/settings/password");
  await page.getByLabel("Current password").fill("not-the-password");
  await page.getByLabel("New password", { exact: true }).fill("another-password-2");
  await page.getByLabel("Confirm new password").fill("another-password-2");
  await page.getByRole("button", { name: "Change password" }).click();
  expect(await page.getByTestId("alert").textContent()).toContain("current password is wrong");
  await screenshot(page, "12-password");
  await logOut(page);

  // Members is for admins only.
  await logIn(page, RUNNER);
  await page.goto(`${server.url}/members`);
  await page.getByTestId("forbidden").waitFor();
  await logOut(page);

  expect(problems).toEqual([]);
  await context.close();
});
