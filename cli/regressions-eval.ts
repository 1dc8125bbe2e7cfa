// `tsx cli/regressions-eval.ts [--injected <file>] [--recent n] [--baseline n] [--min-change pct] [--alpha a]
// [--stratify strategy|none] [--json <file>]`: runs the regression detector (the API's read, lib/queries/get-regressions.ts)
// over every component × arch × phase of DATABASE_URL and scores it against the regressions `npm run seed:large`
// injected: precision, recall, whether firstRunId names the run where each began, every flag on a cell that was
// not injected (to explain), and the time per component.
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { readEnv } from "../lib/config/env";
import { createDb } from "../lib/db/connect";
import { parseDatabaseUrl, redactPassword } from "../lib/db/database-url";
import { getRegressions } from "../lib/queries/get-regressions";
import { parseRegressionsQuery, type RegressionItem } from "../lib/queries/get-regressions.types";
import { defaultInjectedFile, readInjected, type InjectedCell } from "./seed-regressions";

const USAGE =
  "usage: tsx cli/regressions-eval.ts [--injected <file>] [--recent n] [--baseline n] [--min-change pct] [--alpha a] [--stratify strategy|none] [--json <file>]";

interface Args {
  injected?: string;
  json?: string;
  query: URLSearchParams;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { query: new URLSearchParams({ all: "true" }) };
  const settings: Record<string, string> = {
    "--recent": "recent",
    "--baseline": "baseline",
    "--min-change": "minChangePct",
    "--alpha": "alpha",
    "--stratify": "stratify",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
    if (arg === "--injected") args.injected = value;
    else if (arg === "--json") args.json = value;
    else if (arg in settings) args.query.set(settings[arg]!, value);
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return args;
}

const key = (component: string, arch: string, phase: string, kind: string) => `${component} ${arch} ${phase} ${kind}`;
const pct = (value: number | null) => (value === null ? "n/a" : `${value >= 0 ? "+" : ""}${value.toFixed(0)} %`);
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const query = parseRegressionsQuery(args.query);
  const target = parseDatabaseUrl(readEnv().DATABASE_URL);
  const injectedFile = args.injected ?? defaultInjectedFile(target);
  const injected = readInjected(injectedFile);
  const truth = new Map<string, InjectedCell>(injected.map((c) => [key(c.component, c.arch, c.phase, c.kind), c]));
  const { db } = createDb(target);
  try {
    const components = await db.component.findMany({ select: { name: true }, orderBy: { name: "asc" } });
    console.log(
      `regressions:eval on ${target.kind} ${target.kind === "sqlite" ? target.file : redactPassword(target.url)}: ${components.length} components, ${injected.length} injected cells (${injectedFile})`,
    );
    console.log(
      `  settings: last ${query.settings.recent} vs the ${query.settings.baseline} before (≥ ${query.settings.minBaseline}), rise > ${query.settings.minChangePct} %, Holm α = ${query.settings.alpha} per component, stratify ${query.stratify}`,
    );
    const flagged: (RegressionItem & { component: string })[] = [];
    const times: number[] = [];
    let tested = 0;
    let skipped = 0;
    let significantBelowChange = 0;
    for (const { name } of components) {
      const started = performance.now();
      const result = await getRegressions(db, name, query);
      times.push(performance.now() - started);
      if (!result) continue;
      tested += result.tested;
      skipped += result.skipped;
      for (const item of result.items) {
        if (item.flagged) flagged.push({ ...item, component: name });
        else if (item.significant) significantBelowChange++;
      }
    }
    const truePositives = flagged.filter((item) => truth.has(key(item.component, item.arch, item.phase, item.kind)));
    const falsePositives = flagged.filter((item) => !truth.has(key(item.component, item.arch, item.phase, item.kind)));
    const found = new Set(truePositives.map((item) => key(item.component, item.arch, item.phase, item.kind)));
    const missed = injected.filter((c) => !found.has(key(c.component, c.arch, c.phase, c.kind)));
    const firstRunRight = truePositives.filter(
      (item) => item.firstRunId === truth.get(key(item.component, item.arch, item.phase, item.kind))!.firstRunId,
    ).length;
    const precision = flagged.length === 0 ? 1 : truePositives.length / flagged.length;
    const recall = injected.length === 0 ? 1 : found.size / injected.length;
    times.sort((a, b) => a - b);
    const summary = {
      components: components.length,
      cellsTested: tested,
      cellsSkipped: skipped,
      injectedCells: injected.length,
      flagged: flagged.length,
      truePositives: truePositives.length,
      falsePositives: falsePositives.length,
      missed: missed.length,
      precision,
      recall,
      firstRunIdExact: firstRunRight,
      significantButBelowMinChange: significantBelowChange,
      msPerComponent: { p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times.at(-1) ?? 0 },
    };
    console.log(
      `  cells tested ${tested} (skipped ${skipped}: too few values); flagged ${flagged.length}: ${truePositives.length} injected, ${falsePositives.length} not injected; missed ${missed.length} of ${injected.length}`,
    );
    console.log(
      `  precision ${(precision * 100).toFixed(1)} %, recall ${(recall * 100).toFixed(1)} %; firstRunId = the injected first run for ${firstRunRight} of ${truePositives.length}`,
    );
    console.log(
      `  significant after Holm but a rise ≤ the minimum change (not flagged): ${significantBelowChange} cells`,
    );
    console.log(
      `  time per component: p50 ${summary.msPerComponent.p50.toFixed(1)} ms, p95 ${summary.msPerComponent.p95.toFixed(1)} ms, max ${summary.msPerComponent.max.toFixed(1)} ms`,
    );
    const show = (label: string, item: RegressionItem & { component: string }) => {
      const truthCell = truth.get(key(item.component, item.arch, item.phase, item.kind));
      const p50 =
        item.kind === "seconds" ? [item.baselineP50S, item.recentP50S] : [item.baselineP50Bytes, item.recentP50Bytes];
      console.log(
        `    ${label} ${item.component} ${item.arch} ${item.phase} (${item.kind}): ${p50[0]} → ${p50[1]} (${pct(item.changePct)}), p = ${item.pValue.toExponential(2)}, Holm ${item.adjustedPValue.toExponential(2)}, since run ${item.firstRunId}${truthCell ? ` (injected from ${truthCell.firstRunId})` : ""}`,
      );
    };
    for (const item of truePositives) show("found  ", item);
    for (const item of falsePositives) show("extra  ", item);
    for (const cell of missed) {
      console.log(
        `    missed  ${cell.component} ${cell.arch} ${cell.phase} (${cell.kind}) ×${cell.factor} from run ${cell.firstRunId}`,
      );
    }
    if (args.json) writeFileSync(args.json, `${JSON.stringify({ summary, flagged, missed }, null, 2)}\n`);
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(`regressions-eval: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
