// /sources as a user meets it: add a Tekton Results source (the local test server, token in a file), press
// "Sync now", watch it finish, and find the component's cost table filled from the synced runs. The token never
// shows on the page or in the API's answers.
import { rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startFakeResults } from "../tests/fixtures/fake-sources/results-server";
import { fakeRuns } from "../tests/fixtures/fake-sources/runs";

const screenshotDir = "e2e/.artifacts";
const COMPONENT = "e2e-synced";
const NAMESPACE = "e2e-tenant";

test("a source added on /sources syncs on demand and fills the component's cost table", async ({ page, request }) => {
  test.setTimeout(120_000);
  const server = await startFakeResults({ runs: fakeRuns(12, { component: COMPONENT, namespace: NAMESPACE }) });
  const tokenFile = path.join(os.tmpdir(), `advisor-e2e-results-token-${process.pid}`);
  writeFileSync(tokenFile, server.token);
  try {
    await page.goto("/sources");
    await expect(page.getByRole("heading", { name: "Add a source" })).toBeVisible();
    await page.getByLabel(/^Kind/).selectOption("tekton-results");
    await page.getByLabel(/^URL/).fill(server.url);
    await page.getByLabel(/^Namespace/).fill(NAMESPACE);
    await page.getByLabel(/^Component/).fill(COMPONENT);
    await page.getByLabel(/^Since/).fill("2000-01-01T00:00:00Z");
    await page.getByLabel(/^Token file/).fill(tokenFile);
    await page.getByRole("button", { name: "Add source" }).click();
    await expect(page.getByText(/Added source \d+/)).toBeVisible();

    const row = page.locator("tr", { hasText: server.url });
    await expect(row.locator(".source-state")).toHaveText("never synced");
    await row.getByRole("button", { name: "Sync now" }).click();
    await expect(row.locator(".source-state")).toHaveText("ok", { timeout: 90_000 });
    await expect(row).toContainText("12 runs added");
    // At 1280 px the table fits: nothing to scroll sideways to (Remove included).
    await page.setViewportSize({ width: 1280, height: 900 });
    const wrap = page.locator(".table-wrap", { has: page.getByRole("table", { name: "Sources" }) });
    expect(await wrap.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
    await expect(row.getByRole("button", { name: /^Remove/ })).toBeInViewport();
    await page.screenshot({ path: `${screenshotDir}/sources.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: `${screenshotDir}/sources-390.png`, fullPage: true });
    expect(await page.content()).not.toContain(server.token);
    const listed = await request.get("/api/sources");
    expect(listed.status()).toBe(200);
    expect(await listed.text()).not.toContain(server.token);

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/components/${COMPONENT}`);
    const table = page.getByRole("table", { name: `${COMPONENT} cost per architecture` });
    await expect(table).toBeVisible();
    await expect(table.locator("tbody tr").first()).toBeVisible();
    await expect(table).toContainText("amd64");
    await expect(table).toContainText("arm64");
  } finally {
    await server.close();
    rmSync(tokenFile, { force: true });
  }
});
