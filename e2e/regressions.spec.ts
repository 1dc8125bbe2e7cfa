// Regressions in the browser: 40 hand-measured tables of one component, the last 10 with s390x rsync doubled; the
// components list shows the badge, and the component page's callout names the change and links the first slow run.
import { expect, test } from "@playwright/test";

const component = "regress-e2e";
const day = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

/** One hand-measured table: amd64 steady, s390x rsync ~55 s for the first 30 tables and ~103 s for the last 10. */
function table(i: number): string {
  const rsync = i < 30 ? 50 + ((i * 7) % 11) : 100 + ((i * 3) % 7);
  return [
    "---",
    "source: manual table (regressions e2e)",
    "strategy: ta-shared",
    `measuredAt: ${day(i)}`,
    "---",
    "",
    "|                     | Prefetch (s) | rsync (s) |",
    "| ------------------- | -----------: | --------: |",
    `| ${component} - amd64 | ${40 + (i % 5)} | ${4 + (i % 3)} |`,
    `| ${component} - s390x | ${33 + (i % 4)} | ${rsync} |`,
    "",
  ].join("\n");
}

test.beforeAll(async ({ request }) => {
  for (let i = 0; i < 40; i++) {
    const response = await request.post("/api/bundles", {
      headers: { "content-type": "text/markdown", "x-filename": `${component}-${i}.md` },
      data: Buffer.from(table(i)),
    });
    expect([200, 201]).toContain(response.status());
  }
});

test("the components list shows the regression badge", async ({ page }) => {
  await page.goto(`/?q=${component}`);
  const row = page
    .getByRole("table", { name: "Components" })
    .locator("tbody tr")
    .filter({ has: page.getByRole("link", { name: component, exact: true }) });
  const badge = row.getByRole("link", { name: /^s390x rsync: \d+ s → \d+ s \(\+\d+ %\)$/ });
  await expect(badge).toBeVisible();
  await expect(badge).toHaveAttribute("href", `/components/${component}#regressions-heading`);
  await expect(badge).toHaveAttribute("title", /last 10 runs vs the 30 before/);
  await page.screenshot({ path: "e2e/.artifacts/regressions-list.png" });
});

test("the component page's callout names the change and links the first slow run", async ({ page, request }) => {
  const api = await request.get(`/api/components/${component}/regressions`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { items: { arch: string; phase: string; firstRunId: number; pValue: number }[] };
  expect(body.items).toHaveLength(1);
  const [item] = body.items;
  expect(item).toMatchObject({ arch: "s390x", phase: "rsync" });

  await page.goto(`/components/${component}`);
  const callout = page.getByTestId("regressions-callout");
  await expect(callout).toContainText("A regression in the latest runs");
  await expect(callout).toContainText(/s390x rsync: 55 s → 10\d s \(\+\d+ %\), p = /);
  await expect(callout).toContainText("last 10 runs vs the 30 before");
  await callout.screenshot({ path: "e2e/.artifacts/regressions-callout.png" });
  await page.setViewportSize({ width: 390, height: 900 });
  await callout.screenshot({ path: "e2e/.artifacts/regressions-callout-390.png" });
  await page.setViewportSize({ width: 1280, height: 720 });
  const first = callout.getByTestId("regression-first-run");
  await expect(first).toHaveAttribute("href", `/runs/${item!.firstRunId}`);
  await first.click();
  await expect(page).toHaveURL(new RegExp(`/runs/${item!.firstRunId}$`));
  // The first slow run is the 31st table (measured on day 30).
  await expect(page.locator("body")).toContainText(day(30));
});
