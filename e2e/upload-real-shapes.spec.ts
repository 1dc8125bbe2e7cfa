// The Upload page with the shapes real users upload first (tests/fixtures/real-shapes): a single-arch Konflux
// run, TaskRuns without their PipelineRun, a JSON Lines export, logs after their run, a lockfile on its own.
import { expect, test, type Page } from "@playwright/test";
import { formatSeconds } from "../lib/format";
import {
  MULTI_ARCH,
  multiArchRemoteRun,
  multiArchTaskRunName,
  podOf,
  remotePhases,
  runEvent,
  SINGLE_ARCH_TA,
  singleArchTaRun,
} from "../tests/fixtures/real-shapes/konflux";
import { LOCKFILE_BYTES, rpmsLockYaml } from "../tests/fixtures/real-shapes/lockfile";
import { tknTaskRunLog } from "../tests/fixtures/real-shapes/logs";
import { pipelineRunObject, taskRunObjects } from "../tests/fixtures/real-shapes/tekton";
import { jsonFile, jsonLinesFile, runListFile, textFile, type ShapeFile } from "../tests/fixtures/real-shapes/write";

const screenshotDir = "e2e/.artifacts";
/** Unique per run of the suite: the e2e database is shared by every spec and may be reused. */
const TAG = `up${Date.now().toString(36)}`;
const component = (name: string) => `${TAG}-${name}`;
/** Ten days ago on a whole minute: "the future" is the server's clock. */
const BASE = Math.floor((Date.now() - 10 * 86_400_000) / 60_000) * 60_000;

async function upload(page: Page, files: ShapeFile[], options: { component?: string } = {}) {
  await page.goto("/upload");
  await page
    .locator("#bundle-files")
    .setInputFiles(
      files.map((file) => ({ name: file.filename, mimeType: "application/octet-stream", buffer: file.bytes })),
    );
  if (options.component) await page.getByLabel(/Component \(for a lockfile/).fill(options.component);
  await page.getByRole("button", { name: `Upload ${files.length} file${files.length === 1 ? "" : "s"}` }).click();
}

const costCell = (page: Page, name: string, arch: string, column: string) =>
  page
    .getByRole("table", { name: `${name} cost per architecture` })
    .locator(`tr[data-arch="${arch}"] [data-column="${column}"]`);

test("1. a single-arch Konflux run shows amd64 with its 95 s build, and the recommendation says split makes no difference", async ({
  page,
}) => {
  const name = component("single");
  const run = singleArchTaRun({ component: name, base: BASE });
  await upload(page, [runListFile(`${name}.json`, run)]);
  await expect(page.getByRole("heading", { name: "Ingested" })).toBeVisible();
  const runs = page.getByRole("table", { name: "Runs found" });
  await expect(runs).toContainText("ta-shared");
  await expect(runs).toContainText("amd64");
  await page.screenshot({ path: `${screenshotDir}/upload-single-arch.png`, fullPage: true });

  await page.getByRole("link", { name, exact: true }).first().click();
  await expect(costCell(page, name, "amd64", "buildS")).toHaveText(`${SINGLE_ARCH_TA.buildS} s`);
  await expect(page.getByText(/shared and split prefetch/i).first()).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/component-single-arch.png`, fullPage: true });
});

test("2. TaskRuns without their PipelineRun make a run, and the PipelineRun uploaded later completes it", async ({
  page,
}) => {
  const name = component("taskruns");
  const run = singleArchTaRun({ component: name, base: BASE });
  await upload(page, [jsonFile("taskruns.json", taskRunObjects(run))]);
  await expect(page.getByRole("heading", { name: "Ingested" })).toBeVisible();
  await expect(page.locator(".warnings")).toContainText("the PipelineRun object was missing from the upload");
  const runLink = page.getByRole("table", { name: "Runs found" }).getByRole("link");
  const href = await runLink.getAttribute("href");
  await runLink.click();
  await expect(page.getByText("its TaskRuns only: the PipelineRun object was not uploaded")).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/run-taskruns-only.png`, fullPage: true });

  await upload(page, [jsonFile("pipelinerun.json", pipelineRunObject(run))]);
  await expect(page.getByRole("heading", { name: "Ingested" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Runs found" }).getByRole("link")).toHaveAttribute("href", href!);
  await page.goto(href!);
  await expect(page.getByText("its TaskRuns only")).toHaveCount(0);
});

test("3. a JSON Lines export mixing kinds is read, with the skipped kinds counted", async ({ page }) => {
  const name = component("jsonl");
  const run = singleArchTaRun({ component: name, base: BASE });
  const objects = [pipelineRunObject(run), ...taskRunObjects(run)];
  const pods = run.taskRuns.slice(0, 2).map((taskRun) => podOf(run, taskRun));
  await upload(page, [jsonLinesFile("export.jsonl", [...objects, ...pods, runEvent(run)])]);
  await expect(page.getByRole("heading", { name: "Ingested" })).toBeVisible();
  const files = page.getByRole("table", { name: "Files in the upload" });
  await expect(files.getByRole("row", { name: /export\.jsonl tekton ok/ })).toContainText("skipped: 2 Pod, 1 Event");
  await expect(page.getByRole("table", { name: "Runs found" })).toContainText(name);
});

test("7. logs after their run fill its remote phases; a lockfile with a component becomes its planned payload", async ({
  page,
}) => {
  const name = component("remote");
  const run = multiArchRemoteRun({ component: name, base: BASE });
  await upload(page, [runListFile(`${name}.json`, run)]);
  await expect(page.getByRole("heading", { name: "Ingested" })).toBeVisible();

  const arm64 = MULTI_ARCH.remote[0]!;
  const taskRunName = multiArchTaskRunName(run, arm64.index);
  await upload(page, [textFile(`${taskRunName}.log`, tknTaskRunLog(run.base, arm64, `quay.io/x/${name}:1`))]);
  await expect(page.getByRole("heading", { name: "Ingested" })).toBeVisible();
  await expect(page.locator(".warnings")).toContainText("attached to the stored PipelineRun");
  await page.screenshot({ path: `${screenshotDir}/upload-logs-later.png`, fullPage: true });
  await page.getByRole("link", { name, exact: true }).first().click();
  await expect(costCell(page, name, "arm64", "rsyncS")).toHaveText(formatSeconds(remotePhases(arm64.marks).rsyncS));

  const planned = component("planned");
  await upload(page, [textFile("rpms.lock.yaml", rpmsLockYaml())], { component: planned });
  await expect(page.getByRole("heading", { name: "Ingested" })).toBeVisible();
  const table = page.getByRole("table", { name: "Planned payload" });
  await expect(table.locator('tr[data-arch="arm64"]')).toContainText(
    (LOCKFILE_BYTES.arm64 / 1024 ** 2).toLocaleString("en-US", { maximumFractionDigits: 1 }),
  );
  await page.screenshot({ path: `${screenshotDir}/upload-planned.png`, fullPage: true });
  await page.getByRole("link", { name: planned, exact: true }).click();
  await expect(page.getByRole("heading", { name: /Planned payload/ })).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/component-planned.png`, fullPage: true });

  // Without a component the same file is refused, with the reason next to it.
  await upload(page, [textFile("rpms.lock.yaml", rpmsLockYaml() + "\n# again\n")]);
  await expect(page.locator(".file-list li", { hasText: "rpms.lock.yaml" }).getByRole("alert")).toContainText(
    "component",
  );
});
