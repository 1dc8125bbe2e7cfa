// `npm run calibration -- [--database-url URL] [--component NAME]`: how well the model's p10–p90 ranges are
// calibrated on a database. For every component (or one), the backtest's coverage — the share of runs whose
// measured data-passing seconds fell inside the predicted range (target 80%) — per strategy, summed over the
// components, with the median error and the time each recommendation took (docs/cost-model.md "Coverage").
import { readEnv } from "../lib/config/env";
import { createDb } from "../lib/db/connect";
import { parseDatabaseUrl, redactPassword } from "../lib/db/database-url";
import { COVERAGE_TARGET_PCT } from "../lib/model/backtest";
import { getRecommendation } from "../lib/recommend/get-recommendation";

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at >= 0) return args[at + 1];
  return args.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}

const pct = (inside: number, runs: number) => (runs === 0 ? "–" : `${((inside / runs) * 100).toFixed(0)}%`);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const url = option(args, "--database-url") ?? readEnv().DATABASE_URL;
  const only = option(args, "--component");
  const target = parseDatabaseUrl(url);
  const { db } = createDb(target);
  try {
    const names = only
      ? [only]
      : (await db.component.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((c) => c.name);
    console.log(
      `Calibration of the p10–p90 ranges on ${redactPassword(url)} (target coverage ${COVERAGE_TARGET_PCT}%)\n`,
    );
    const total = new Map<string, { runs: number; inside: number }>();
    for (const name of names) {
      const started = performance.now();
      const r = await getRecommendation(db, name);
      const ms = performance.now() - started;
      if (!r) {
        console.log(`${name}: no such component`);
        continue;
      }
      const rows = r.backtest.coverage.map((c) => `${c.strategy} ${c.inside}/${c.runs} (${pct(c.inside, c.runs)})`);
      console.log(
        `${name}: ${rows.join(", ") || "no run to backtest"}; median error ` +
          `${r.backtest.medianErrorPct === null ? "–" : `${r.backtest.medianErrorPct.toFixed(1)}%`}; ` +
          `confidence ${r.confidence}; ${ms.toFixed(0)} ms`,
      );
      for (const c of r.backtest.coverage) {
        const sum = total.get(c.strategy) ?? { runs: 0, inside: 0 };
        total.set(c.strategy, { runs: sum.runs + c.runs, inside: sum.inside + c.inside });
      }
    }
    console.log("\nCoverage per strategy, over every component:");
    for (const [strategy, { runs, inside }] of [...total].sort((a, b) => a[0].localeCompare(b[0]))) {
      console.log(
        `  ${strategy.padEnd(24)} ${String(inside).padStart(5)}/${String(runs).padEnd(5)} ${pct(inside, runs)}`,
      );
    }
    if (total.size === 0) console.log("  (no run whose strategy was detected and whose payload is known)");
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
