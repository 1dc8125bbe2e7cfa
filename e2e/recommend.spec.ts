// The recommendation panel on the seed's flatpak-sdk (demo data): the ranking and decision, the arithmetic,
// a what-if control changing both the ranking and the URL, the first answer rendered on the server (in the page's
// HTML, no fetch on mount), and the components list's badge.
import { expect, test } from "@playwright/test";

const screenshotDir = "e2e/.artifacts";

test("the panel ranks split above shared, and a what-if control changes the ranking and the URL", async ({ page }) => {
  await page.goto("/components/flatpak-sdk");
  const panel = page.locator("section", { has: page.getByRole("heading", { level: 2, name: "Recommendation" }) });
  await expect(panel.getByRole("status").first()).toContainText("Keep Trusted Artifacts, split prefetch");
  const rows = panel.getByRole("table", { name: "Strategies ranked" }).locator("tbody tr");
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(0)).toHaveAttribute("data-strategy", "ta-split");
  await expect(rows.nth(1)).toHaveAttribute("data-strategy", "ta-shared");
  await expect(rows.nth(0)).toContainText("recommended");
  // ta-split's wall time, and the shared strategy's Δ against it, carry their units.
  await expect(rows.nth(0).locator("td").nth(1)).toHaveText(/^\d+ min( \d+ s)?$/);
  await expect(rows.nth(1).locator("td").nth(2)).toHaveText(/^\+\d+ min/);

  // "Show the arithmetic" for ta-shared reproduces the seed's sum of per-arch prefetch times.
  const arithmetic = panel.locator("details.arithmetic", { hasText: "(ta-shared)" });
  await arithmetic.locator("summary").click();
  await expect(arithmetic).toContainText("prefetch-dependencies: prefetch = 3,019 s");
  await expect(arithmetic).toContainText(
    "size s390x: 544 MiB (median over the selected runs (manual table (build-definitions#1275), 1 run))",
  );
  await page.screenshot({ path: `${screenshotDir}/recommendation.png`, fullPage: true });

  // Turn the Trusted Artifacts policy off: a per-arch PVC split wins wall time, and the URL says why.
  await panel.getByLabel("Require Trusted Artifacts").uncheck();
  await expect(page).toHaveURL(/requireTrustedArtifacts=false/);
  await expect(rows.nth(0)).toHaveAttribute("data-strategy", "pvc-per-arch-split");
  await expect(panel.getByRole("status").first()).toContainText("Switch to PVC per arch, split prefetch");
  // The generator further down follows the recommendation.
  const generator = page.locator("section", { has: page.getByRole("heading", { level: 2, name: "Pipeline YAML" }) });
  await expect(generator.getByLabel("Strategy")).toHaveValue("pvc-per-arch-split");

  // Rank by registry bytes kept: the PVC strategies keep nothing in the registry.
  await panel.getByLabel("Rank by").selectOption("registryBytes");
  await expect(page).toHaveURL(/objective=registryBytes/);
  await expect(rows.nth(0)).toHaveAttribute("data-strategy", /^pvc-/);

  // A typed what-if rate is applied after a pause and lands in the URL.
  await panel.getByLabel(/Registry download/).fill("5");
  await expect(page).toHaveURL(/registryDownMiBps=5/);

  // The URL alone restores the view.
  await page.reload();
  await expect(rows.nth(0)).toHaveAttribute("data-strategy", /^pvc-/);
  await expect(panel.getByLabel("Require Trusted Artifacts")).not.toBeChecked();
  await panel.getByRole("link", { name: "Reset the what-if settings" }).click();
  await expect(page).toHaveURL(/\/components\/flatpak-sdk$/);
  await expect(rows.nth(0)).toHaveAttribute("data-strategy", "ta-split");
  await expect(generator.getByLabel("Strategy")).toHaveValue("ta-split");

  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${screenshotDir}/recommendation-mobile.png`, fullPage: true });
});

/** The text of the server-rendered decision headline in a page's HTML ("" when there is none). */
function decisionHeadline(html: string): string {
  const match = /<p class="decision-headline">(.*?)<\/p>/s.exec(html);
  return (match?.[1] ?? "")
    .replace(/<[^>]*>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

test("the page's HTML carries the panel's first answer, for the URL's what-if settings, and the panel does not fetch it again", async ({
  page,
  request,
}) => {
  const plain = await request.get("/components/flatpak-sdk");
  expect(plain.status()).toBe(200);
  expect(decisionHeadline(await plain.text())).toContain("Keep Trusted Artifacts, split prefetch");
  const whatIf = await request.get("/components/flatpak-sdk?requireTrustedArtifacts=false&stat=p90");
  expect(decisionHeadline(await whatIf.text())).toContain("Switch to PVC per arch, split prefetch");
  // A value the API refuses: no first answer in the HTML, the panel fetches and shows the API's 422.
  expect(decisionHeadline(await (await request.get("/components/flatpak-sdk?objective=speed")).text())).toBe("");

  const fetched: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/recommendation")) fetched.push(r.url());
  });
  await page.goto("/components/flatpak-sdk?requireTrustedArtifacts=false");
  const panel = page.locator("section", { has: page.getByRole("heading", { level: 2, name: "Recommendation" }) });
  await expect(panel.getByRole("status").first()).toContainText("Switch to PVC per arch, split prefetch");
  // The generator still follows the recommendation it was handed.
  const generator = page.locator("section", { has: page.getByRole("heading", { level: 2, name: "Pipeline YAML" }) });
  await expect(generator.getByLabel("Strategy")).toHaveValue("pvc-per-arch-split");
  await page.waitForLoadState("networkidle");
  expect(fetched).toEqual([]);
  // A what-if change still asks the API.
  await panel.getByLabel("Require Trusted Artifacts").check();
  await expect(panel.getByRole("status").first()).toContainText("Keep Trusted Artifacts, split prefetch");
  expect(fetched).toHaveLength(1);

  // A refused value: the panel asks the API and shows its 422 at once (a 4xx is not retried: app/providers.tsx).
  await page.goto("/components/flatpak-sdk?objective=speed");
  await expect(panel.getByRole("alert")).toContainText("Could not compute the recommendation: ");
});

test("the panel shows ranges with error bars, the confidence and why, and the backtest's coverage", async ({
  page,
}) => {
  await page.goto("/components/flatpak-sdk");
  const panel = page.locator("section", { has: page.getByRole("heading", { level: 2, name: "Recommendation" }) });
  // One run (the seed's table): low confidence, and the reason says so.
  await expect(panel.getByText(/^Confidence: low\./)).toBeVisible();
  await expect(panel.locator(".confidence")).toContainText("1 run of this component measured");
  const split = panel.getByRole("table", { name: "Strategies ranked" }).locator('tbody tr[data-strategy="ta-split"]');
  // The range column: "low–high" with units, and an error bar named for screen readers.
  await expect(split.locator("td.range-cell")).toContainText(/\d+( min| s)/);
  await expect(split.getByRole("img", { name: /wall time .* \(p10–p90\), estimate/ })).toBeVisible();
  const backtest = panel.locator("details.backtest");
  await backtest.locator("summary").focus();
  await page.keyboard.press("Enter");
  await expect(backtest.locator("summary")).toContainText(/coverage \d+% \(target 80%\)/);
  await expect(backtest.getByRole("table", { name: "Coverage per strategy" })).toContainText("ta-split");
  await panel
    .locator(".decision")
    .first()
    .screenshot({ path: `${screenshotDir}/recommendation-decision.png` });
  await panel.getByRole("table", { name: "Strategies ranked" }).screenshot({
    path: `${screenshotDir}/recommendation-ranges.png`,
  });
  await backtest.screenshot({ path: `${screenshotDir}/recommendation-coverage.png` });
});

test("the components list shows a recommendation badge per component", async ({ page }) => {
  await page.goto("/");
  const row = page
    .getByRole("table", { name: "Components" })
    .locator("tbody tr")
    .filter({ has: page.getByRole("link", { name: "flatpak-sdk", exact: true }) });
  await expect(row.locator(".badge")).toHaveText("keep ta-split");
  await expect(row.locator(".badge")).toHaveAttribute("title", /already the best allowed strategy/);
});

test("the recommendation API answers the contract, a summary, 404 and a 422 naming the bad value", async ({
  request,
}) => {
  const full = await request.get("/api/components/flatpak-runtime/recommendation?objective=bytesMoved");
  expect(full.status()).toBe(200);
  const body = (await full.json()) as {
    current: string;
    recommended: string;
    decision: string;
    objective: string;
    strategies: { id: string; explanation: unknown[]; hazards: { code: string; message: string }[] }[];
    backtest: { runs: number; medianErrorPct: number | null };
  };
  expect(body).toMatchObject({
    current: "ta-split",
    recommended: "ta-split",
    decision: "keep",
    objective: "bytesMoved",
  });
  expect(body.strategies.map((s) => s.id).sort()).toEqual(
    ["pvc-per-arch-duplicated", "pvc-per-arch-split", "pvc-shared", "ta-shared", "ta-split"].sort(),
  );
  expect(body.backtest.runs).toBe(1);

  const summary = await (await request.get("/api/components/flatpak-runtime/recommendation?fields=summary")).json();
  expect(Object.keys(summary).sort()).toEqual(
    [
      "component",
      "confidence",
      "confidenceReason",
      "current",
      "decision",
      "objective",
      "reason",
      "recommended",
      "savings",
      "savingsRanges",
      "threshold",
    ].sort(),
  );

  const unknown = await request.get("/api/components/no-such-thing/recommendation");
  expect(unknown.status()).toBe(404);
  const bad = await request.get("/api/components/flatpak-runtime/recommendation?objective=speed&rsyncMiBps.s390x=-1");
  expect(bad.status()).toBe(422);
  const error = (await bad.json()) as { error: { message: string } };
  expect(error.error.message).toMatch(/^The request is not valid: objective: /);
});
