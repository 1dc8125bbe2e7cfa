// Browsing a component after uploads: the cost table against the fixtures' known numbers, the statistic
// and filters living in the URL, the runs table, the CSV export and the way to a run's page.
import { expect, test } from "@playwright/test";
import { formatSeconds } from "../lib/format";
import type { Scenario } from "../tests/fixtures/bundles/expected";
import { resultsRecords, taSharedMatrix } from "../tests/fixtures/bundles/scenarios";
import { bundleBuffer } from "../tests/fixtures/bundles/write-bundles";
import { tagged } from "./support";

const screenshotDir = "e2e/.artifacts";

const expectedSeconds = (scenario: Scenario, arch: string, phase: string) =>
  scenario.expected.measurements.find((m) => m.arch === arch && m.phase === phase && m.seconds !== undefined)!.seconds!;

test("the component table follows the statistic and filters in the URL, and exports what it shows", async ({
  page,
  request,
}) => {
  // Two runs of one component: a push (matrix, restore 44 s) and a pull request (Results records, 39 s).
  const push = tagged(taSharedMatrix(), "browse");
  const pullRequest = tagged(resultsRecords(), "browse");
  const component = push.expected.pipelineRuns[0]!.component;
  expect(pullRequest.expected.pipelineRuns[0]!.component).toBe(component);
  for (const [scenario, format, type] of [
    [push, "tar.gz", "application/gzip"],
    [pullRequest, "json", "application/json"],
  ] as const) {
    const response = await request.post("/api/bundles", {
      headers: { "content-type": type, "x-filename": `${scenario.name}.${format}` },
      data: await bundleBuffer(scenario, format),
    });
    expect([200, 201]).toContain(response.status());
  }

  await page.goto(`/components/${component}`);
  const table = page.getByRole("table", { name: `${component} cost per architecture` });
  const cell = (arch: string, column: string) => table.locator(`tr[data-arch="${arch}"] [data-column="${column}"]`);
  const restorePush = expectedSeconds(push, "amd64", "restore");
  const restorePr = expectedSeconds(pullRequest, "amd64", "restore");
  await expect(table.locator("caption")).toContainText("Median per architecture over 2 runs");
  await expect(cell("amd64", "restoreS")).toHaveText(formatSeconds((restorePush + restorePr) / 2));

  await page.getByLabel("Statistic", { exact: true }).selectOption("p90");
  await expect(page).toHaveURL(/stat=p90/);
  await expect(cell("amd64", "restoreS")).toHaveText(formatSeconds(Math.max(restorePush, restorePr)));

  await page.getByLabel("Event", { exact: true }).selectOption("push");
  await expect(page).toHaveURL(/event=push/);
  await expect(page).toHaveURL(/stat=p90/);
  await expect(table.locator("caption")).toContainText("over 1 run");
  // Only the matrix run is left: exactly its numbers.
  await expect(cell("amd64", "restoreS")).toHaveText(formatSeconds(restorePush));
  await expect(cell("arm64", "rsyncS")).toHaveText(formatSeconds(expectedSeconds(push, "arm64", "rsync")));
  await expect(cell("shared", "prefetchS")).toHaveText(formatSeconds(expectedSeconds(push, "shared", "prefetch")));
  await expect(cell("source", "sizeBytes")).toHaveText("221 MiB");
  await expect(cell("arm64", "rsyncS")).toHaveAttribute("title", /log-marker, 1 run/);
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs.locator("tbody tr")).toHaveCount(1);
  await expect(runs).toContainText(push.expected.pipelineRuns[0]!.name);
  await page.screenshot({ path: `${screenshotDir}/component-filtered.png`, fullPage: true });

  const csvHref = await page.getByRole("link", { name: "CSV" }).first().getAttribute("href");
  expect(csvHref).toContain("event=push");
  const csv = (await (await request.get(csvHref!)).text()).trim().split("\n");
  expect(csv[0]).toBe(
    "component,stat,arch,size_mib,prefetch_s,createUpload_s,restore_s,rsync_s,build_s,queue_s,runs,sources",
  );
  expect(csv.find((line) => line.includes(",amd64,"))).toMatch(
    new RegExp(`^${component},p90,amd64,[\\d.]+,,,${restorePush},,634,4,1,`),
  );
  const runsCsv = await (await request.get(`/api/components/${component}/runs?event=push&format=csv`)).text();
  expect(runsCsv.split("\n")).toHaveLength(3); // header, one run, final newline
  expect(runsCsv.split("\n")[1]).toContain(push.expected.pipelineRuns[0]!.name);

  await runs.getByRole("link", { name: push.expected.pipelineRuns[0]!.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: push.expected.pipelineRuns[0]!.name })).toBeVisible();
});

test("the components list searches and sorts through the URL", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Search components").fill("sdk");
  await expect(page).toHaveURL(/q=sdk/);
  const rows = page.getByRole("table", { name: "Components" }).locator("tbody tr");
  await expect(rows.first()).toContainText("flatpak-sdk");
  for (const text of await rows.allInnerTexts()) expect(text).toContain("sdk");
  await page.goto("/?sort=-runs");
  await expect(page.getByRole("columnheader", { name: /Runs/ })).toHaveAttribute("aria-sort", "descending");
  await page.screenshot({ path: `${screenshotDir}/components-sorted.png`, fullPage: true });
});
