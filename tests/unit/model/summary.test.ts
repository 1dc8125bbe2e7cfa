// The components list's badges read the recommendation without its backtest (`?fields=summary`): skipping the
// backtest changes nothing else of the answer (decision, savings, their ranges, confidence, every strategy).
import { describe, expect, it } from "vitest";
import { recommend } from "@/lib/model/recommend";
import { seedInputs } from "./seed-inputs";

describe("a recommendation without its backtest", () => {
  it.each(["flatpak-sdk", "flatpak-runtime"] as const)("%s: everything but the backtest is the same", (name) => {
    const inputs = seedInputs(name);
    // A second component lends its points, so pooling and the draws are exercised too.
    const other = seedInputs(name === "flatpak-sdk" ? "flatpak-runtime" : "flatpak-sdk");
    const payload = Object.fromEntries(Object.entries(inputs.payload).map(([arch, sized]) => [arch, sized!.value]));
    const withPooled = {
      ...inputs,
      pooled: [{ component: other.component, samples: other.samples }],
      // The seed's table as one measured run to backtest.
      backtestRuns: [
        {
          id: 1,
          name: `${name}-run`,
          strategy: "ta-split" as const,
          platforms: inputs.measuredPlatforms,
          payload,
          measured: { prefetch: 900, upload: 60, restore: 240, rsync: 400 },
        },
      ],
    };
    const full = recommend(withPooled);
    const summary = recommend(withPooled, {}, { backtest: false });
    expect(full.backtest.results.length).toBeGreaterThan(0);
    expect(summary.backtest.results).toEqual([]);
    const { backtest: _full, ...rest } = full;
    const { backtest: _summary, ...summaryRest } = summary;
    expect(summaryRest).toEqual(rest);
  });
});
