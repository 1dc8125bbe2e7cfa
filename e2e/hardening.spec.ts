// Hardening as a browser and a client see it: the security headers on pages, APIs and uploads, a CSP that
// every page works under (no violations, scripts hydrate), and run ids past PostgreSQL's int4 as 404s.
import { expect, test, type APIResponse, type Page } from "@playwright/test";

const EXPECTED_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
};

function expectHardened(response: APIResponse): string {
  const headers = response.headers();
  expect(headers).toMatchObject(EXPECTED_HEADERS);
  const policy = headers["content-security-policy"] ?? "";
  expect(policy).toContain("frame-ancestors 'none'");
  return policy;
}

/** The first run of a demo component, by the API. */
async function demoRunId(page: Page): Promise<number> {
  const runs = await page.request.get("/api/components/flatpak-sdk/runs");
  expect(runs.ok()).toBe(true);
  return ((await runs.json()) as { data: { id: number }[] }).data[0]!.id;
}

test("every kind of response carries the security headers and a Content-Security-Policy", async ({ request }) => {
  // `curl -I` equivalents: pages (the Upload page too, rendered per request for its nonce), API routes, an
  // upload's error, and Next's prerendered 404 page.
  const page = expectHardened(await request.head("/"));
  expect(page).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(page).toContain("style-src 'self' 'unsafe-inline'");
  expect(page).toContain("img-src 'self' data: blob:");
  expect(page).toContain("connect-src 'self'");
  expect(page).toContain("object-src 'none'");
  expect(page).toContain("base-uri 'self'");
  expect(page).toContain("form-action 'self'");

  const upload = expectHardened(await request.head("/upload"));
  expect(upload).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(upload).not.toContain("script-src 'self' 'unsafe-inline'");
  expect(expectHardened(await request.get("/api/health"))).toContain("default-src 'none'");
  expect(expectHardened(await request.get("/api/components"))).toContain("default-src 'none'");
  const rejected = await request.post("/api/bundles", { headers: { "content-type": "image/png" }, data: "png" });
  expect(rejected.status()).toBe(415);
  expect(expectHardened(rejected)).toContain("default-src 'none'");
  expectHardened(await request.get("/no-such-page"));
});

test("each page request gets its own nonce, on every script of the page", async ({ request }) => {
  const nonces = [];
  for (let i = 0; i < 2; i++) {
    const response = await request.get("/");
    const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
    expect(nonce).toBeTruthy();
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    nonces.push(nonce);
  }
  expect(nonces[0]).not.toBe(nonces[1]);
});

test("the pages work under the Content-Security-Policy, with no violation in the console", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => violations.push(`${page.url()}: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  const runId = await demoRunId(page);

  await page.goto("/");
  await expect(page.getByRole("table", { name: "Components" })).toBeVisible();
  // The recommendation badges are fetched by a client component: they appear only when the scripts ran.
  await expect(page.locator("a.badge").first()).toBeVisible();

  await page.goto("/components/flatpak-sdk");
  // The chart is drawn in the browser from fetched JSON (scripts, connect-src, inline styles).
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();

  await page.goto("/upload");
  await page
    .locator("#bundle-files")
    .setInputFiles({ name: "probe.json", mimeType: "application/json", buffer: Buffer.from("{}") });
  // The file list is React state: visible only once the prerendered page hydrated.
  await expect(page.getByText("probe.json")).toBeVisible();

  await page.goto(`/runs/${runId}`);
  // A demo run is a hand table without TaskRuns; timeline.spec.ts drives a full timeline under the same policy.
  await expect(page.getByRole("heading", { level: 1, name: /flatpak-sdk/ })).toBeVisible();
  await page.goto(`/runs/compare?a=${runId}&b=${runId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Compare runs" })).toBeVisible();
  // Client-side navigation too (RSC payloads, prefetches).
  await page.getByRole("link", { name: "Components" }).first().click();
  await expect(page).toHaveURL(/\/$/);
  await page.waitForLoadState("networkidle");

  expect(violations).toEqual([]);
});

test("run ids past PostgreSQL's int4 are 404s, like any unknown run", async ({ request, page }) => {
  const runId = await demoRunId(page);
  expect((await request.get("/api/runs/2147483648")).status()).toBe(404);
  expect((await request.get("/api/runs/99999999999")).status()).toBe(404);
  expect((await request.get("/api/runs/2147483647")).status()).toBe(404);
  const compare = await request.get(`/api/runs/compare?a=2147483648&b=${runId}`);
  expect(compare.status()).toBe(404);
  expect((await compare.json()).error.message).toBe("No run with id 2147483648");
  expect((await request.get(`/api/runs/compare?a=${runId}&b=latest`)).status()).toBe(422);
  expect((await request.get("/runs/2147483648")).status()).toBe(404);
  await page.goto(`/runs/compare?a=2147483648&b=${runId}`);
  await expect(page.locator("p.notice")).toHaveText("No run with id 2147483648.");
});

test("a truncated multipart upload is a 400, and a form of 1,001 files a 413 naming the limit", async ({ request }) => {
  const boundary = "----hardening";
  const part = (i: number) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p${i}.log"\r\n\r\nline ${i}\r\n`;
  const truncated = await request.post("/api/bundles", {
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    data: Buffer.from(
      `${part(0)}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.log"\r\n\r\nno end`,
    ),
  });
  expect(truncated.status()).toBe(400);
  expect((await truncated.json()).error.message).toContain("Unexpected end of form");

  const many = Array.from({ length: 1001 }, (_, i) => part(i)).join("") + `--${boundary}--\r\n`;
  const tooMany = await request.post("/api/bundles", {
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    data: Buffer.from(many),
  });
  expect(tooMany.status()).toBe(413);
  expect((await tooMany.json()).error.message).toContain("more than 1000 file parts");
});
