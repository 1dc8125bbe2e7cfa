// End-to-end tests: the production build, started the way users start it (cli/start.ts), on a
// throwaway SQLite database, driven in Debian's Chromium (never a downloaded browser).
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3107);
const baseURL = `http://127.0.0.1:${port}`;
// A fresh database per run, so the demo data is loaded exactly as on a newcomer's first start.
if (!process.env.E2E_DATABASE_DIR && !process.env.E2E_OWNED_DATABASE_DIR) {
  // Evaluated again in each worker: the first evaluation creates the folder, the others reuse it.
  process.env.E2E_OWNED_DATABASE_DIR = mkdtempSync(path.join(os.tmpdir(), "advisor-e2e-"));
}
const databaseDir = process.env.E2E_DATABASE_DIR ?? process.env.E2E_OWNED_DATABASE_DIR!;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  globalTeardown: "./e2e/global-teardown.ts",
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: "npx tsx cli/start.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${path.join(databaseDir, "e2e.db")}`,
      DEMO_DATA: "auto",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
