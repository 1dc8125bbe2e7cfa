// The run timeline (lanes per arch, the inferred critical path, keyboard tooltips, narrow screens) and
// comparing two uploaded runs, on the page and through GET /api/runs/compare.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { taSharedMatrix, taSplitV1beta1 } from "../tests/fixtures/bundles/scenarios";
import type { Scenario } from "../tests/fixtures/bundles/expected";
import { bundleBuffer } from "../tests/fixtures/bundles/write-bundles";
import { tagged } from "./support";
import { formatMiB, formatSeconds } from "../lib/format";

const screenshotDir = "e2e/.artifacts";

interface RunJson {
  taskRuns: { name: string; role: string; arch: string | null; startTime: string; completionTime: string }[];
}

async function upload(request: APIRequestContext, filename: string, contentType: string, data: Buffer) {
  const response = await request.post("/api/bundles", {
    headers: { "content-type": contentType, "x-filename": filename },
    data,
  });
  // 200 when an earlier spec already sent the same bytes; the answer names the stored run either way.
  expect([200, 201]).toContain(response.status());
  const body = (await response.json()) as { runs: { id: number; name: string }[] };
  expect(body.runs).toHaveLength(1);
  return body.runs[0]!;
}

// This spec's own component names and uids (e2e/support.ts), so other specs' uploads never mix in.
const matrixScenario = () => tagged(taSharedMatrix(), "timeline");
const splitScenario = () => tagged(taSplitV1beta1(), "timeline");
const uploadMatrix = async (request: APIRequestContext) =>
  upload(request, "ta-shared-matrix.zip", "application/zip", await bundleBuffer(matrixScenario(), "zip"));
const uploadSplit = async (request: APIRequestContext) =>
  upload(request, "ta-split-v1beta1.zip", "application/zip", await bundleBuffer(splitScenario(), "zip"));

/** A fixture's expected value for one (arch, phase) and kind, as the ingester must have stored it. */
function expectedValue(scenario: Scenario, arch: string, phase: string, kind: "seconds" | "bytes"): number {
  const value = scenario.expected.measurements.find(
    (m) => m.arch === arch && m.phase === phase && m[kind] !== undefined,
  )?.[kind];
  if (value === undefined) throw new Error(`${scenario.name} has no ${kind} for ${arch} ${phase}`);
  return value;
}

/** The page itself never scrolls sideways; on failure, names the elements that stick out. */
async function expectNoSidewaysScroll(page: Page) {
  const sticking = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll("body *")]
      .map((element) => ({ element, right: Math.round(element.getBoundingClientRect().right) }))
      .sort((a, b) => b.right - a.right)
      .slice(0, 5)
      .map(
        ({ element, right }) =>
          `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} ends at ${right}px`,
      );
  });
  expect(sticking).toEqual([]);
}

test("the run timeline groups TaskRuns by arch and marks the critical path through the slowest build", async ({
  page,
  request,
}) => {
  const run = await uploadMatrix(request);
  const detail = (await (await request.get(`/api/runs/${run.id}`)).json()) as RunJson;
  const seconds = (t: RunJson["taskRuns"][number]) => (Date.parse(t.completionTime) - Date.parse(t.startTime)) / 1000;
  const builds = detail.taskRuns.filter((t) => t.role === "build");
  expect(builds).toHaveLength(4);
  const slowest = builds.reduce((a, b) => (seconds(b) > seconds(a) ? b : a));
  expect(slowest.arch).toBe("ppc64le");

  await page.goto(`/runs/${run.id}`);
  const timeline = page.locator("figure.timeline");
  await expect(timeline).toBeVisible();
  const lanes = await timeline
    .locator("g.timeline-lane")
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-lane")));
  expect(lanes).toEqual(["amd64", "arm64", "ppc64le", "s390x", "source", "shared", "other"]);
  await expect(timeline.locator(".timeline-legend")).toContainText("Critical path");
  await expect(timeline.locator(".timeline-legend")).toContainText("Inferred from timestamps");

  const slowestBar = timeline.locator(`g.timeline-bar[data-taskrun="${slowest.name}"]`);
  await expect(slowestBar).toHaveAttribute("data-critical", "true");
  await expect(slowestBar).toContainText(`build-images · ${Math.round(seconds(slowest)).toLocaleString("en-US")} s`);
  for (const build of builds.filter((b) => b !== slowest)) {
    await expect(timeline.locator(`g.timeline-bar[data-taskrun="${build.name}"]`)).toHaveAttribute(
      "data-critical",
      "false",
    );
  }
  const critical = await timeline
    .locator('g.timeline-bar[data-critical="true"] .timeline-label')
    .evaluateAll((nodes) => nodes.map((node) => node.textContent?.replace(/^◆ /, "").split(" · ")[0]));
  // The fixture builds the source image after the index, so the path runs on to it.
  expect(critical.sort()).toEqual(
    [
      "init",
      "clone-repository",
      "prefetch-dependencies",
      "build-images",
      "build-image-index",
      "build-source-image",
    ].sort(),
  );

  // Keyboard: a bar takes focus and shows its times and steps.
  await slowestBar.focus();
  const tooltip = timeline.locator(".timeline-tooltip");
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText("critical path");
  await expect(tooltip).toContainText("use-trusted-artifact");
  await timeline.screenshot({ path: `${screenshotDir}/run-timeline.png` });
  await page.keyboard.press("Escape");
  await expect(tooltip).toBeHidden();

  // The table equivalent holds the same bars.
  await timeline.getByText("The timeline as a table").click();
  await expect(timeline.getByRole("table", { name: "Timeline" }).locator('tr[data-critical="true"]')).toHaveCount(6);

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(timeline).toBeVisible();
  await expectNoSidewaysScroll(page);
  const frameScrolls = await timeline
    .locator(".timeline-frame")
    .evaluate((frame) => frame.scrollWidth > frame.clientWidth);
  expect(frameScrolls).toBe(true);
  await timeline.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshotDir}/run-timeline-390.png` });
});

test("two runs compared phase by phase, from the run page's form and through the API", async ({ page, request }) => {
  const a = await uploadMatrix(request);
  const b = await uploadSplit(request);

  await page.goto(`/runs/${a.id}`);
  await page.getByLabel("Compare with… (run id)").fill(String(b.id));
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/compare\\?a=${a.id}&b=${b.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Compare runs" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Run A" })).toContainText(a.name);
  await expect(page.getByRole("region", { name: "Run B" })).toContainText(b.name);
  await expect(page.getByRole("region", { name: "Run B" })).toContainText("Trusted Artifacts, split prefetch");
  await expect(page.locator("p.notice")).toContainText("different components");

  const table = page.getByRole("table", { name: "Phases compared" });
  // amd64 restore: 44 s and 576 MiB in the shared run; 18 s and 574 MiB in the split run.
  const [matrix, split] = [matrixScenario(), splitScenario()];
  const secondsA = expectedValue(matrix, "amd64", "restore", "seconds");
  const secondsB = expectedValue(split, "amd64", "restore", "seconds");
  const bytesA = expectedValue(matrix, "amd64", "restore", "bytes");
  const bytesB = expectedValue(split, "amd64", "restore", "bytes");
  expect(secondsB).toBeLessThan(secondsA);
  expect(bytesB).toBeLessThan(bytesA);
  const percent = (from: number, to: number) => (((to - from) / from) * 100).toFixed(1).replace("-", "−");
  const restore = table.locator('tr[data-arch="amd64"][data-phase="restore"]');
  await expect(restore.locator("td").nth(1)).toHaveText(`${formatSeconds(secondsA)} · ${formatMiB(bytesA)}`);
  await expect(restore.locator("td").nth(2)).toHaveText(`${formatSeconds(secondsB)} · ${formatMiB(bytesB)}`);
  const deltas = restore.locator(".compare-delta");
  await expect(deltas.nth(0)).toHaveText(
    `−${formatSeconds(secondsA - secondsB)} (${percent(secondsA, secondsB)} %) faster`,
  );
  await expect(deltas.nth(0)).toHaveClass(/compare-better/);
  await expect(deltas.nth(1)).toHaveText(`−${formatMiB(bytesA - bytesB)} (${percent(bytesA, bytesB)} %) smaller`);
  // One shared prefetch in A, one per arch in B: each row exists in one run only, without a delta.
  const shared = table.locator('tr[data-arch="shared"][data-phase="prefetch"]');
  await expect(shared.locator("td").nth(2)).toContainText("not measured in run B");
  await expect(shared.locator(".compare-delta")).toHaveCount(0);
  const perArch = table.locator('tr[data-arch="amd64"][data-phase="prefetch"]');
  await expect(perArch.locator("td").nth(1)).toContainText("not measured in run A");
  await expect(perArch.locator("td").nth(2)).toHaveText(
    formatSeconds(expectedValue(split, "amd64", "prefetch", "seconds")),
  );
  await page.screenshot({ path: `${screenshotDir}/run-compare.png`, fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${screenshotDir}/run-compare-390.png`, fullPage: true });

  const api = await request.get(`/api/runs/compare?a=${a.id}&b=${b.id}`);
  expect(api.status()).toBe(200);
  const comparison = await api.json();
  expect(comparison.rows).toContainEqual(
    expect.objectContaining({
      arch: "amd64",
      phase: "restore",
      secondsDelta: expect.objectContaining({ value: secondsB - secondsA }),
      bytesDelta: expect.objectContaining({ value: bytesB - bytesA }),
    }),
  );
  const bad = await request.get(`/api/runs/compare?a=${a.id}&b=latest`);
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.code).toBe("unprocessable");
  const missing = await request.get(`/api/runs/compare?a=${a.id}&b=999999`);
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.message).toBe("No run with id 999999");
});

test("the compare page explains bad or unknown run ids instead of failing", async ({ page }) => {
  await page.goto("/runs/compare?a=abc&b=1");
  await expect(page.locator("p.notice")).toHaveText("Run A “abc” is not a run id (digits only).");
  await page.goto("/runs/compare?a=999998&b=999999");
  await expect(page.locator("p.notice")).toHaveText("No runs with ids 999998 and 999999.");
  await page.goto("/runs/compare");
  await expect(page.locator("p.notice")).toHaveCount(0);
  await expect(page.getByLabel("Run A (baseline)")).toBeVisible();
});
