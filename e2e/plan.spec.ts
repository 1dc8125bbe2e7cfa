// /plan in the browser, and POST /api/plan: a four-arch rpms.lock.yaml with SRPMs read from a file, five strategies
// ranked with p10–p90 ranges and a decision with its confidence, then the recommended strategy's YAML generated and
// copied; the API answers JSON and multipart alike and names a bad field in a 422.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { parse } from "yaml";
import { buildLockfile, lockfileYaml } from "../tests/fixtures/bundles/lockfile";

const screenshotDir = "e2e/.artifacts";
const LOCKFILE = lockfileYaml(buildLockfile(["amd64", "arm64", "ppc64le", "s390x"]));

function lockfileOnDisk(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "advisor-plan-")), "rpms.lock.yaml");
  writeFileSync(file, LOCKFILE);
  return file;
}

test("a lockfile read on /plan ranks five strategies with ranges, and the recommended one's YAML copies", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.goto("/plan");
  await expect(page.getByRole("heading", { level: 1, name: "Plan a migration" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Plan" })).toHaveAttribute("aria-current", "page");
  await page.locator('input[type="file"]').setInputFiles(lockfileOnDisk());
  await expect(page.getByText(/^Read rpms\.lock\.yaml \(/)).toBeVisible();
  await expect(page.getByLabel("Your rpms.lock.yaml")).toHaveValue(LOCKFILE);
  await page.getByRole("button", { name: "Plan", exact: true }).click();

  const answer = page.getByRole("region", { name: "Strategies for this payload" });
  const table = answer.getByRole("table", { name: "Strategies ranked" });
  await expect(table.locator("tbody tr")).toHaveCount(5);
  for (const strategy of ["ta-shared", "ta-split", "pvc-shared", "pvc-per-arch-split", "pvc-per-arch-duplicated"]) {
    const row = table.locator(`tbody tr[data-strategy="${strategy}"]`);
    await expect(row.locator("td.range-cell")).toContainText(/\d+( min| s)/);
  }
  await expect(answer.getByTestId("plan-headline")).toBeVisible();
  await expect(answer.getByText(/^Confidence: (low|medium|high)\./)).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/plan.png`, fullPage: true });

  // The API says the same for the same lockfile: the generator below starts from its recommended strategy.
  const api = await request.post("/api/plan", { data: { lockfile: LOCKFILE } });
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { recommended: string; inputs: { platforms: string[] } };
  expect(body.inputs.platforms).toEqual(["amd64", "arm64", "ppc64le", "s390x"]);
  const recommended = body.recommended === "unknown" ? "ta-shared" : body.recommended;
  const generator = page.locator('section[aria-labelledby="plan-generator-heading"]');
  await expect(generator.getByLabel("Strategy")).toHaveValue(recommended);
  await generator.getByRole("button", { name: "Generate" }).click();
  const result = generator.getByRole("region", { name: "Generated pipeline" });
  await expect(result.getByText("(all passed)")).toBeVisible();
  await result.getByRole("button", { name: "Copy" }).click();
  await expect(result.getByRole("status")).toHaveText(/^Copied \d+ lines\.$/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(`strategy ${recommended}`);
  const run = parse(copied) as { kind: string; metadata: { name: string } };
  expect(run).toMatchObject({ kind: "PipelineRun", metadata: { name: "my-component-on-push" } });
  await page.setViewportSize({ width: 390, height: 900 });
  await page.screenshot({ path: `${screenshotDir}/plan-390.png`, fullPage: true });
});

test("POST /api/plan: JSON and multipart give the same answer; a bad field is a 422 naming it", async ({ request }) => {
  const json = await request.post("/api/plan", { data: { lockfile: LOCKFILE, current: "ta-shared" } });
  expect(json.status()).toBe(200);
  const multipart = await request.post("/api/plan", {
    multipart: {
      lockfile: { name: "rpms.lock.yaml", mimeType: "application/yaml", buffer: Buffer.from(LOCKFILE) },
      current: "ta-shared",
    },
  });
  expect(multipart.status()).toBe(200);
  expect(await multipart.json()).toEqual(await json.json());

  const bad = async (data: unknown) => {
    const response = await request.post("/api/plan", { data: data as Record<string, unknown> });
    return [response.status(), ((await response.json()) as { error: { message: string } }).error.message];
  };
  expect(await bad({ lockfile: LOCKFILE, platforms: ["mips"] })).toEqual([422, expect.stringMatching(/platforms/)]);
  expect(await bad({ lockfile: LOCKFILE, payload: { amd64: 1 } })).toEqual([
    422,
    expect.stringMatching(/exactly one of lockfile .* or payload/),
  ]);
  expect(await bad({ lockfile: "lockfileVersion: 1\narches: 3\n" })).toEqual([
    422,
    expect.stringMatching(/^lockfile: /),
  ]);
  expect(await bad({ payload: { amd64: 1e9 }, current: "nope" })).toEqual([422, expect.stringMatching(/current/)]);
  const sized = await request.post("/api/plan", { data: { payload: { x86_64: 2e9, aarch64: 2e9, source: 1e9 } } });
  expect(sized.status()).toBe(200);
  expect(((await sized.json()) as { strategies: unknown[] }).strategies).toHaveLength(5);
});
