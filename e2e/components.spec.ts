// A newcomer's first look: the components list and a component's cost table, from the demo data.
import { expect, test, type Page } from "@playwright/test";

const screenshotDir = "e2e/.artifacts";

async function cellText(page: Page, arch: string, column: string) {
  return page.locator(`tr[data-arch="${arch}"] [data-column="${column}"]`).innerText();
}

test("the components page lists the demo components with their runs and strategy", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Components" })).toBeVisible();
  const table = page.getByRole("table", { name: "Components" });
  // Other specs add their own components; the demo's two rows are found by name.
  const row = (name: string) =>
    table.locator("tbody tr").filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(row("flatpak-runtime")).toHaveCount(1);
  await expect(row("flatpak-runtime")).toContainText("1 run");
  await expect(row("flatpak-runtime")).toContainText("2024-08-12 (hand-measured table)");
  await expect(row("flatpak-runtime")).toContainText("amd64, arm64, ppc64le, s390x, source");
  await expect(row("flatpak-runtime")).toContainText("Trusted Artifacts, split prefetch");
  await expect(row("flatpak-sdk")).toContainText("flatpak-sdk");
  await expect(page.getByRole("link", { name: "Components" })).toHaveAttribute("aria-current", "page");
  await page.screenshot({ path: `${screenshotDir}/components.png`, fullPage: true });
});

test("a component page shows the seed issue's numbers with their source, and the chart", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "flatpak-sdk", exact: true }).click();
  await expect(page).toHaveURL(/\/components\/flatpak-sdk$/);
  await expect(page.getByRole("heading", { level: 1, name: "flatpak-sdk" })).toBeVisible();

  const table = page.getByRole("table", { name: "flatpak-sdk cost per architecture" });
  await expect(table.locator("tbody tr")).toHaveCount(6);
  expect(await cellText(page, "s390x", "prefetchS")).toBe("530 s");
  expect(await cellText(page, "source", "sizeBytes")).toBe("3,552 MiB");
  expect(await cellText(page, "amd64", "restoreS")).toBe("18 s");
  expect(await cellText(page, "total", "sizeBytes")).toBe("5,750 MiB");
  expect(await cellText(page, "total", "prefetchS")).toBe("3,019 s");
  expect(await cellText(page, "total", "rsyncS")).toBe("29 s");

  const s390xPrefetch = page.locator('tr[data-arch="s390x"] [data-column="prefetchS"]');
  await expect(s390xPrefetch).toHaveAttribute("title", /manual table \(build-definitions#1275\)/);
  const emptyRsync = page.locator('tr[data-arch="source"] td.empty-cell span').first();
  await expect(emptyRsync).toHaveAttribute("title", /nothing is rsynced/);

  // Keyboard: every number can be reached with Tab, so its source is readable without a mouse.
  await page.locator("body").press("Tab");
  let reachedCell = false;
  for (let i = 0; i < 20 && !reachedCell; i++) {
    await page.keyboard.press("Tab");
    reachedCell = await page.evaluate(() => document.activeElement?.closest("table.cost-table") !== null);
  }
  expect(reachedCell).toBe(true);

  const chart = page.locator("figure.chart").filter({ hasText: "Time per phase and architecture" });
  await expect(chart).toContainText("Time per phase and architecture");
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(chart.locator(".sr-only table")).toContainText("530 s");
  await page.screenshot({ path: `${screenshotDir}/component-flatpak-sdk.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  // Wide tables scroll inside their frame; the page itself never scrolls sideways on a phone.
  // Charts redraw for the new width asynchronously, so poll until the layout has settled.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${screenshotDir}/component-flatpak-sdk-mobile.png`, fullPage: true });
});

test("an unknown component is a clear 404", async ({ page }) => {
  const response = await page.goto("/components/no-such-thing");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  const api = await page.request.get("/api/components/no-such-thing/table");
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ error: { code: "not_found", message: 'No component named "no-such-thing"' } });
});

test("the upload page is reachable from the navigation", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Upload" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Upload" })).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/upload.png`, fullPage: true });
});
