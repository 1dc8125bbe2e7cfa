// From a component page to copied YAML: the Pipeline YAML panel on the demo component flatpak-sdk (measured on
// four arches with a split TA prefetch), the clipboard and the download, patch mode, and POST /api/generate.
import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { parse } from "yaml";

const screenshotDir = "e2e/.artifacts";
const BASE_FILE = "tests/fixtures/tekton/multi-platform-oci-ta-push.yaml";
const COMPACT_FILE = "tests/fixtures/tekton/compact-multi-platform-oci-ta-push.yaml";
const ARCHES = ["amd64", "arm64", "ppc64le", "s390x"];

interface PipelineRun {
  kind: string;
  metadata: { name: string };
  spec: { pipelineSpec: { tasks: { name: string }[] } };
}

async function openPanel(page: Page): Promise<Locator> {
  await page.goto("/components/flatpak-sdk");
  const panel = page.locator('section[aria-labelledby="generator-heading"]');
  await expect(panel.getByRole("heading", { level: 2, name: "Pipeline YAML" })).toBeVisible();
  return panel;
}

const taskNames = (yaml: string) => (parse(yaml) as PipelineRun).spec.pipelineSpec.tasks.map((task) => task.name);

test("the Pipeline YAML panel generates the measured strategy, and Copy and Download give the same file", async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const panel = await openPanel(page);
  // Prefilled from the recommendation: the demo table was measured with ta-split on four arches, and it is kept.
  await expect(panel.getByLabel("Strategy")).toHaveValue("ta-split");
  for (const arch of ARCHES) await expect(panel.getByRole("checkbox", { name: arch })).toBeChecked();
  await expect(panel.getByLabel("PVC size")).toHaveCount(0);
  await expect(panel.getByLabel("Source input")).toBeVisible();

  // Keyboard only: from the strategy select, Tab reaches Generate (every control on the way has a label).
  await panel.getByLabel("Strategy").focus();
  const generate = panel.getByRole("button", { name: "Generate" });
  for (let i = 0; i < 15 && !(await generate.evaluate((button) => button === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(generate).toBeFocused();
  await expect(generate).toHaveCSS("outline-style", "solid");
  await panel.locator(".generator-actions").screenshot({ path: `${screenshotDir}/generator-focus.png` });
  await page.keyboard.press("Enter");
  const result = panel.getByRole("region", { name: "Generated pipeline" });
  await expect(result.getByRole("heading", { name: /flatpak-sdk-push\.yaml/ })).toBeVisible();
  await expect(result.getByText("(all passed)")).toBeVisible();
  await expect(result.getByRole("list", { name: "Checks" }).getByRole("listitem")).toHaveCount(10);
  await expect(result.getByText(/downloads the binaries again/)).toBeVisible();
  // Highlighted: keys and strings are separate tokens.
  await expect(result.locator(".generator-code .token.key").first()).toBeVisible();

  await result.getByRole("button", { name: "Copy" }).click();
  const status = result.getByRole("status");
  await expect(status).toHaveText(/^Copied \d+ lines\.$/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const lines = copied.replace(/\n$/, "").split("\n").length;
  await expect(status).toHaveText(`Copied ${lines} lines.`);
  const run = parse(copied) as PipelineRun;
  expect(run.kind).toBe("PipelineRun");
  expect(run.metadata.name).toBe("flatpak-sdk-on-push");
  const names = taskNames(copied);
  for (const arch of ARCHES) {
    expect(names).toContain(`prefetch-dependencies-${arch}`);
    expect(names).toContain(`build-${arch}`);
  }
  for (const name of ["init", "clone-repository", "prefetch-dependencies-source", "build-image-index"]) {
    expect(names).toContain(name);
  }
  // The whole upstream task set: the scanners and the other tasks Enterprise Contract requires come along.
  for (const name of ["build-source-image", "clair-scan", "sast-snyk-check", "clamav-scan", "apply-tags"]) {
    expect(names).toContain(name);
  }
  expect(names.at(-1)).toBe("rpms-signature-scan");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    result.getByRole("button", { name: "Download" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("flatpak-sdk-push.yaml");
  expect(readFileSync(await download.path(), "utf8")).toBe(copied);

  await panel.screenshot({ path: `${screenshotDir}/generator.png` });
  // The pointer leaves the page first: a chart tooltip left under it at desktop coordinates would widen the page.
  await page.mouse.move(0, 0);
  await page.setViewportSize({ width: 390, height: 844 });
  // Nothing in the panel reaches past the screen's edge except inside a scroller: the YAML scrolls in its block.
  // (Measured on the panel, not the whole page, so another section's layout does not decide this test.)
  const overflowRight = () =>
    panel.evaluate((section) =>
      Math.max(
        ...[section, ...section.querySelectorAll("*")]
          .filter((element) => {
            for (let up = element.parentElement; up && up !== section.parentElement; up = up.parentElement) {
              if (getComputedStyle(up).overflowX !== "visible") return false;
            }
            return true;
          })
          .map((element) => element.getBoundingClientRect().right),
      ),
    );
  await expect.poll(overflowRight).toBeLessThanOrEqual(390);
  const code = result.getByTestId("generator-yaml");
  expect(await code.evaluate((block) => block.scrollWidth > block.clientWidth)).toBe(true);
  await panel.screenshot({ path: `${screenshotDir}/generator-390.png` });
  // At phone size the panel is taller than the screen: two screens at full resolution, form and result.
  await panel.getByRole("heading", { name: "Pipeline YAML" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshotDir}/generator-390-form.png` });
  await result.getByRole("button", { name: "Copy" }).focus();
  await page.screenshot({ path: `${screenshotDir}/generator-390-result.png` });
});

test("options change the file: tasks only, a source input, PVC sizes in Gi, and a clear 422", async ({ page }) => {
  const panel = await openPanel(page);
  await panel.getByLabel("Source input").fill('{"type":"rpm","path":"rpms/source"}');
  await panel.getByRole("radio", { name: "Tasks only" }).check();
  await panel.getByRole("button", { name: "Generate" }).click();
  const result = panel.getByRole("region", { name: "Generated pipeline" });
  await expect(result.getByRole("heading", { name: /^Tasks/ })).toBeVisible();
  await expect(result.getByText(/downloads the binaries again/)).toHaveCount(0);
  const tasks = parse(await result.getByTestId("generator-yaml").innerText()) as { name: string }[];
  expect(tasks.map((task) => task.name)).toContain("prefetch-dependencies-source");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    result.getByRole("button", { name: "Download" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("flatpak-sdk-tasks.yaml");

  // PVC strategies show their size (in Gi, suggested from the measured 5,750 MiB) and access mode.
  await panel.getByLabel("Strategy").selectOption("pvc-per-arch-split");
  await expect(panel.getByText("The options changed since this YAML was generated.")).toBeVisible();
  // Per-arch split lanes are sized from their own arch's payload, shared workspaces from the total.
  await expect(panel.getByLabel("PVC size")).toHaveAttribute("placeholder", "auto");
  await expect(panel.getByText(/amd64 2 Gi, .*s390x 2 Gi, source 7 Gi\./)).toBeVisible();
  await panel.getByLabel("Strategy").selectOption("pvc-shared");
  await expect(panel.getByLabel("PVC size")).toHaveAttribute("placeholder", "10");
  await expect(panel.getByText("every workspace 10 Gi.", { exact: false })).toBeVisible();
  await panel.getByLabel("Strategy").selectOption("pvc-per-arch-split");
  await expect(panel.locator(".generator-unit")).toContainText("Gi");
  await panel.getByLabel("PVC size").fill("25");
  await panel.getByRole("radio", { name: "Whole .tekton file" }).check();
  await panel.getByRole("button", { name: "Generate" }).click();
  await expect(result.getByTestId("generator-yaml")).toContainText("storage: 25Gi");
  await expect(result.getByTestId("generator-yaml")).toContainText("workspace-source");

  // An impossible request: the API's 422 message appears next to the form.
  await panel.getByLabel("Per-arch input").selectOption("path-pattern");
  await panel.getByRole("button", { name: "Generate" }).click();
  const alert = panel.getByRole("alert");
  await expect(alert).toContainText("Not possible (422)");
  await expect(alert).toContainText("@arch@");
  await panel.locator("form").screenshot({ path: `${screenshotDir}/generator-pvc-error.png` });
  await panel.getByLabel("Prefetch input").fill('{"type":"rpm","path":"rpms/@arch@"}');
  await panel.getByRole("button", { name: "Generate" }).click();
  await expect(alert).toHaveCount(0);
  await expect(result.getByTestId("generator-yaml")).toContainText("rpms/s390x");
});

test("patch mode reads a .tekton file and shows what changes as a diff", async ({ page }) => {
  const panel = await openPanel(page);
  await panel.getByText("Patch my .tekton file").click();
  await panel.locator('input[type="file"]').setInputFiles(BASE_FILE);
  await expect(panel.getByLabel("Your .tekton file")).toHaveValue(readFileSync(BASE_FILE, "utf8"));
  await expect(panel.getByText("Read multi-platform-oci-ta-push.yaml.")).toBeVisible();
  await expect(panel.getByRole("radio", { name: "Whole .tekton file" })).toBeChecked();
  await expect(panel.getByRole("radio", { name: "Tasks only" })).toBeDisabled();
  await panel.getByLabel("Strategy").selectOption("ta-split");
  await panel.getByRole("button", { name: "Generate patch" }).click();

  const result = panel.getByRole("region", { name: "Generated pipeline" });
  const diff = result.getByRole("region", { name: "Changes to your file (unified diff)" });
  await expect(diff).toBeVisible();
  await expect(result.getByTestId("patch-headline")).toHaveText(/^\d+ lines changed in \d+ tasks and the params$/);
  await expect(result.getByText(/^\d+ lines added, \d+ lines removed; every other line/)).toBeVisible();
  const added = diff.locator(".diff-added");
  for (const arch of ARCHES) {
    await expect(added.filter({ hasText: new RegExp(`^\\+\\s+- name: build-${arch}$`) })).toHaveCount(1);
  }
  await expect(diff.locator(".diff-removed").filter({ hasText: /name: build-images$/ })).toHaveCount(1);
  await expect(result.getByText("(all passed)")).toBeVisible();
  // The patched file downloads under the name of the file that was read.
  await expect(result.getByRole("heading", { name: /^multi-platform-oci-ta-push\.yaml/ })).toBeVisible();
  // Everything the strategy does not manage stays: the scanners of the base file are still there.
  await result.getByText(/^The whole patched file \(\d+ lines\)$/).click();
  const yaml = await result.getByTestId("generator-yaml").innerText();
  expect(taskNames(yaml)).toEqual(expect.arrayContaining(["clair-scan", "build-amd64", "build-s390x"]));
  await panel.screenshot({ path: `${screenshotDir}/generator-patch.png` });
});

test("patching a pasted compact .tekton file leads with the short diff, and Copy gives the patched file", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const base = readFileSync(COMPACT_FILE, "utf8");
  const panel = await openPanel(page);
  await panel.getByText("Patch my .tekton file").click();
  await panel.getByLabel("Your .tekton file").fill(base);
  await panel.getByLabel("Strategy").selectOption("ta-split");
  await panel.getByRole("button", { name: "Generate patch" }).click();

  const result = panel.getByRole("region", { name: "Generated pipeline" });
  const headline = result.getByTestId("patch-headline");
  await expect(headline).toHaveText(/^\d+ lines changed in \d+ tasks and the params$/);
  const diff = result.getByRole("region", { name: "Changes to your file (unified diff)" });
  await expect(diff).toBeVisible();
  // The diff comes first; the whole file is folded away below the checks.
  const wholeFile = result.getByText(/^The whole patched file \(\d+ lines\)$/);
  const headlineBox = await headline.boundingBox();
  const wholeBox = await wholeFile.boundingBox();
  expect(headlineBox!.y).toBeLessThan(wholeBox!.y);
  await expect(result.getByTestId("generator-yaml")).toBeHidden();
  // Only the rewired lines are in the diff: the compact layout of the untouched tasks is not.
  await expect(diff.locator(".diff-added").filter({ hasText: /^\+\s+- name: build-s390x$/ })).toHaveCount(1);
  await expect(diff.locator(".diff-removed").filter({ hasText: /clair-scan|apply-tags/ })).toHaveCount(0);
  await panel.screenshot({ path: `${screenshotDir}/generator-patch-compact.png` });

  await result.getByRole("button", { name: "Copy" }).click();
  await expect(result.getByRole("status")).toHaveText(/^Copied \d+ lines\.$/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const api = await request.post("/api/generate", { data: { strategy: "ta-split", component: "flatpak-sdk", base } });
  const answer = (await api.json()) as { yaml: string; diffSummary: { headline: string } };
  expect(copied).toBe(answer.yaml);
  await expect(headline).toHaveText(answer.diffSummary.headline);
  expect(copied.split("\n").length).toBeGreaterThan(base.split("\n").length);
  // Keyboard: the folded file opens from its summary with Enter.
  await wholeFile.focus();
  await page.keyboard.press("Enter");
  await expect(result.getByTestId("generator-yaml")).toBeVisible();
});

test("POST /api/generate answers the YAML, or 400, 413, 415 and 422 with a clear message", async ({ request }) => {
  const ok = await request.post("/api/generate", {
    data: { strategy: "ta-split", component: "demo", platforms: ["amd64", "arm64"] },
  });
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { yaml: string; warnings: string[]; checks: { name: string; ok: boolean }[] };
  expect(taskNames(body.yaml)).toContain("build-arm64");
  expect(body.checks.length).toBeGreaterThan(0);
  expect(body.checks.every((check) => check.ok)).toBe(true);
  expect(Array.isArray(body.warnings)).toBe(true);

  const unknown = await request.post("/api/generate", { data: { strategy: "nope", component: "demo" } });
  expect(unknown.status()).toBe(400);
  expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(
    /^Unknown strategy "nope"; expected one of ta-shared, ta-split/,
  );

  const impossible = await request.post("/api/generate", {
    data: {
      strategy: "ta-split",
      component: "demo",
      options: { perArchInput: "path-pattern", prefetchInput: '{"type":"rpm","path":"."}' },
    },
  });
  expect(impossible.status()).toBe(422);
  expect(((await impossible.json()) as { error: { code: string; message: string } }).error).toMatchObject({
    code: "unprocessable",
    message: expect.stringContaining("@arch@") as unknown,
  });

  const malformed = await request.post("/api/generate", {
    headers: { "content-type": "application/json" },
    data: Buffer.from('{"strategy": "ta-split",'),
  });
  expect(malformed.status()).toBe(400);
  expect(((await malformed.json()) as { error: { message: string } }).error.message).toMatch(
    /^The request body is not valid JSON/,
  );

  const wrongType = await request.post("/api/generate", {
    headers: { "content-type": "text/plain" },
    data: Buffer.from('{"strategy":"ta-split","component":"demo"}'),
  });
  expect(wrongType.status()).toBe(415);
  expect(((await wrongType.json()) as { error: { message: string } }).error.message).toBe(
    "Content-Type text/plain is not accepted; send the request as application/json",
  );

  const notAnObject = await request.post("/api/generate", { data: ["ta-split"] });
  expect(notAnObject.status()).toBe(400);

  const huge = await request.post("/api/generate", {
    data: { strategy: "ta-split", component: "demo", base: "#".repeat(2 * 1024 * 1024) },
  });
  expect(huge.status()).toBe(413);
  expect(((await huge.json()) as { error: { message: string } }).error.message).toContain("the limit is 1048576 bytes");
});
