// `tsx bench/page.ts --server <url> [--components <a,b,…>] [--iterations <n>]`: times the component page in
// headless Chromium against a running dashboard (e.g. one started on a `npm run seed:large` database): from
// navigation start until the cost table is visible, and until the network is idle (charts loaded).
// Without --server it explains how to run it and exits 0, so `npm run bench` can include it.
import { pathToFileURL } from "node:url";
import { chromium } from "@playwright/test";
import { loadAverage, writeResults } from "./measure";

const USAGE = "usage: tsx bench/page.ts --server <url> [--components <a,b,…>] [--iterations <n>]";
/** The target: the table shows well under 2 s on this 2-core machine. */
const TARGET_TABLE_MS = 2000;
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

interface Options {
  server: string | null;
  components: string[] | null;
  iterations: number;
}

function parseArgs(argv: string[], ignoreUnknown: boolean): Options {
  const options: Options = { server: null, components: null, iterations: 5 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (!next) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === "--server") options.server = value().replace(/\/+$/, "");
    else if (arg === "--components") options.components = value().split(",").filter(Boolean);
    else if (arg === "--iterations") {
      options.iterations = Number(value());
      if (!Number.isInteger(options.iterations) || options.iterations < 1) {
        throw new Error(`--iterations needs an integer ≥ 1\n${USAGE}`);
      }
    } else if (!ignoreUnknown) throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return options;
}

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN);
};

/** The busiest, a middling and the quietest component, by the components API's run counts. */
async function pickComponents(server: string): Promise<string[]> {
  const response = await fetch(`${server}/api/components?sort=-runs&perPage=200`);
  if (!response.ok) throw new Error(`GET /api/components answered ${response.status}`);
  const { data } = (await response.json()) as { data: { name: string; runs: number }[] };
  if (data.length === 0) throw new Error("the server has no components");
  return [...new Set([data[0]!.name, data[Math.floor(data.length / 2)]!.name, data.at(-1)!.name])];
}

export async function run(argv: string[], { ignoreUnknown = false } = {}): Promise<void> {
  const options = parseArgs(argv, ignoreUnknown);
  if (!options.server) {
    console.log(
      "page bench skipped: it needs a running dashboard. Seed one (DATABASE_URL=file:/tmp/large.db npm run seed:large), " +
        `start it (DATABASE_URL=… PORT=3200 npm start), then: npm run bench:page -- --server http://127.0.0.1:3200`,
    );
    return;
  }
  const server = options.server;
  const components = options.components ?? (await pickComponents(server));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  const results: { component: string; tableMs: number[]; idleMs: number[] }[] = [];
  try {
    for (const component of components) {
      const own = { component, tableMs: [] as number[], idleMs: [] as number[] };
      // One uncounted visit warms the server's caches and Chromium's.
      for (let i = 0; i <= options.iterations; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const started = performance.now();
        await page.goto(`${server}/components/${encodeURIComponent(component)}`, { waitUntil: "commit" });
        await page.locator("table.cost-table").waitFor({ state: "visible", timeout: 30_000 });
        const tableMs = performance.now() - started;
        await page.waitForLoadState("networkidle");
        const idleMs = performance.now() - started;
        await page.close();
        if (i > 0) {
          own.tableMs.push(tableMs);
          own.idleMs.push(idleMs);
        }
      }
      results.push(own);
      console.log(
        `  ${component.padEnd(28)} table visible p50 ${percentile(own.tableMs, 0.5)} ms, ` +
          `max ${percentile(own.tableMs, 1)} ms; network idle p50 ${percentile(own.idleMs, 0.5)} ms`,
      );
    }
  } finally {
    await browser.close();
  }
  const worst = Math.max(...results.map((r) => percentile(r.tableMs, 0.5)));
  console.log(
    `  slowest table p50    ${worst} ms  target < ${TARGET_TABLE_MS} ms: ${worst < TARGET_TABLE_MS ? "PASS" : "MISS"}`,
  );
  const file = await writeResults("page", {
    measuredAt: new Date().toISOString(),
    loadAverage: loadAverage(),
    server,
    iterations: options.iterations,
    components: results.map((r) => ({
      component: r.component,
      tableVisibleMs: { p50: percentile(r.tableMs, 0.5), max: percentile(r.tableMs, 1) },
      networkIdleMs: { p50: percentile(r.idleMs, 0.5), max: percentile(r.idleMs, 1) },
    })),
    targetTableMs: TARGET_TABLE_MS,
  });
  console.log(`  written to ${file}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`bench:page: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
