// MODEL_VERSION (lib/model/defaults.ts) names the model's answers: stored component summaries are keyed on it
// (lib/recommend/summary.ts), so an answer that changes while the version stays would leave stale summaries on
// screen. This pins the version to a digest of answers on the seed's tables — every strategy's numbers and ranges,
// the decision and its reason, with and without a detected strategy, and the backtest. A change to the model that
// moves any of them fails here: raise MODEL_VERSION and put the new digest in PINNED (both in the same commit).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MODEL_VERSION } from "@/lib/model/defaults";
import { recommend } from "@/lib/model/recommend";
import { seedInputs } from "./seed-inputs";

const PINNED = { version: 1, digest: "a72d5a4eac0305766bc53c7680126e0a216816b84e80434272824912721bab55" };

function answersDigest(): string {
  const answers = (["flatpak-sdk", "flatpak-runtime"] as const).flatMap((component) => {
    const inputs = seedInputs(component);
    return [recommend(inputs), recommend({ ...inputs, current: { strategy: null, source: "none detected" } })];
  });
  return createHash("sha256").update(JSON.stringify(answers)).digest("hex");
}

describe("MODEL_VERSION", () => {
  it("is raised whenever an answer changes (the digest of the seed's answers is pinned to it)", () => {
    expect({ version: MODEL_VERSION, digest: answersDigest() }).toEqual(PINNED);
  });
});
