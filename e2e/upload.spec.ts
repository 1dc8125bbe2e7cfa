// Uploading through the browser and the API: the per-file summary, links to what was found, errors next
// to their file, and the run page with the fixture's exact numbers.
import { expect, test } from "@playwright/test";
import { taSharedMatrix, resultsRecords } from "../tests/fixtures/bundles/scenarios";
import { bundleBuffer } from "../tests/fixtures/bundles/write-bundles";
import { tagged } from "./support";

const screenshotDir = "e2e/.artifacts";

test("uploading a bundle on the Upload page shows each file's result and links to the run and component", async ({
  page,
}) => {
  const scenario = tagged(taSharedMatrix(), "upload");
  const run = scenario.expected.pipelineRuns[0]!;
  await page.goto("/upload");
  await page.locator("#bundle-files").setInputFiles({
    name: "ta-shared-matrix.tar.gz",
    mimeType: "application/gzip",
    buffer: await bundleBuffer(scenario, "tar.gz"),
  });
  await expect(page.getByText("ta-shared-matrix.tar.gz")).toBeVisible();
  await page.getByRole("button", { name: "Upload 1 file" }).click();
  await expect(page.getByRole("heading", { name: "Ingested" })).toBeVisible();

  const files = page.getByRole("table", { name: "Files in the upload" });
  await expect(files.getByRole("row", { name: /pipelinerun\.json tekton ok/ })).toBeVisible();
  await expect(files.getByRole("row", { name: /rpms\.lock\.yaml lockfile ok/ })).toBeVisible();
  await expect(files.getByRole("row", { name: /prefetch\.manifest\.json manifest ok/ })).toBeVisible();
  const runs = page.getByRole("table", { name: "Runs found" });
  await expect(runs).toContainText(run.name);
  await expect(runs).toContainText("ta-shared");
  await expect(runs).toContainText("amd64, arm64, ppc64le, s390x, source");
  await page.screenshot({ path: `${screenshotDir}/upload-result.png`, fullPage: true });

  await runs.getByRole("link", { name: run.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: run.name })).toBeVisible();
  const measurements = page.getByRole("table", { name: "Measurements" });
  // The fixture's numbers: shared prefetch 612 s, arm64 rsync 41.237 s (markers, not the echoed script lines).
  await expect(measurements.locator('tr[data-arch="shared"][data-phase="prefetch"]')).toContainText("612 s");
  await expect(measurements.locator('tr[data-arch="arm64"][data-phase="rsync"]')).toContainText("41 s");
  await expect(measurements.locator('tr[data-arch="arm64"][data-phase="rsync"]')).toContainText("log-marker");
  await page.screenshot({ path: `${screenshotDir}/run.png`, fullPage: true });

  await page.getByRole("link", { name: run.component, exact: true }).click();
  const table = page.getByRole("table", { name: `${run.component} cost per architecture` });
  // The component holds just this run: the table shows the fixture's restore time, from one run.
  await expect(table.locator('tr[data-arch="amd64"] [data-column="restoreS"]')).toHaveText("44 s");
  await expect(table.locator('tr[data-arch="amd64"] td').last()).toHaveText("1");
});

test("a broken file is rejected with the reason shown next to it, and nothing is stored", async ({ page }) => {
  const before = await (await page.request.get("/api/health")).json();
  await page.goto("/upload");
  await page.locator("#bundle-files").setInputFiles({
    name: "broken.tar.gz",
    mimeType: "application/gzip",
    buffer: Buffer.from("definitely not gzip\n".repeat(50)),
  });
  await page.getByRole("button", { name: "Upload 1 file" }).click();
  const item = page.locator(".file-list li", { hasText: "broken.tar.gz" });
  await expect(item.getByRole("alert")).toContainText("broken.tar.gz");
  await page.screenshot({ path: `${screenshotDir}/upload-error.png`, fullPage: true });
  expect(await (await page.request.get("/api/health")).json()).toEqual(before);
});

test("the bundles API takes raw bodies and multipart, answers duplicates with 200 and bad types with 415", async ({
  request,
}) => {
  const records = tagged(resultsRecords(), "api");
  const body = await bundleBuffer(records, "json");
  const first = await request.post("/api/bundles", {
    headers: { "content-type": "application/json", "x-filename": "records.json" },
    data: body,
  });
  expect(first.status()).toBe(201);
  const created = await first.json();
  expect(created.upload.status).toBe("ingested");
  expect(created.runs).toEqual([
    expect.objectContaining({
      name: records.expected.pipelineRuns[0]!.name,
      strategy: "ta-shared",
      arches: ["amd64", "arm64", "source"],
    }),
  ]);
  expect(created.warnings.join("\n")).toContain("v1alpha3.Log");

  const again = await request.post("/api/bundles", {
    multipart: { file: { name: "records.json", mimeType: "application/json", buffer: body } },
  });
  expect(again.status()).toBe(200);
  expect((await again.json()).upload).toEqual({ ...created.upload, status: "duplicate" });

  const run = await request.get(`/api/runs/${created.runs[0].id}`);
  expect(run.status()).toBe(200);
  const detail = await run.json();
  expect(detail.strategy).toBe("ta-shared");
  expect(detail.measurements.length).toBe(records.expected.measurements.length);
  expect(detail.measurements[0]).toHaveProperty("sourceDetail");

  const png = await request.post("/api/bundles", {
    headers: { "content-type": "image/png" },
    data: Buffer.from([0x89, 0x50]),
  });
  expect(png.status()).toBe(415);
  expect((await png.json()).error.code).toBe("unsupported_type");
  expect((await request.get("/api/runs/999999")).status()).toBe(404);
});
