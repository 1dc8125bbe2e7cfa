// The decision's edge cases (docs/cost-model.md "Ranking and the decision"): one build arch (shared and split
// are one pipeline), no detected strategy ("unknown", never "keep"), and nothing measured ("none").
import { describe, expect, it } from "vitest";
import { MIB } from "@/lib/domain/phases";
import { STRATEGY_IDS, type StrategyId } from "@/lib/domain/strategies";
import { recommend, type Recommendation } from "@/lib/model/recommend";
import type { ModelInputs, PhaseSample } from "@/lib/model/types";
import { seedInputs } from "./seed-inputs";

const sourced = (value: number, source = "test") => ({ value, source });
const byId = (r: Recommendation, id: StrategyId) => r.strategies.find((s) => s.id === id)!;

/** A component that builds amd64 only, in the TaskRun pod, with 800 MiB of RPMs and measured phases. */
function amd64Only(current: StrategyId | null = "ta-shared"): ModelInputs {
  const samples: PhaseSample[] = [];
  for (let run = 0; run < 5; run++) {
    const mib = 700 + run * 50;
    samples.push(
      { phase: "prefetch", parts: 1, bytes: mib * MIB, seconds: 40 + mib / 15, source: `run ${run}` },
      { phase: "upload", parts: 1, bytes: mib * MIB, seconds: 6 + mib / 30, source: `run ${run}` },
      { phase: "restore", parts: 1, bytes: mib * MIB, seconds: 4 + mib / 60, source: `run ${run}` },
    );
  }
  return {
    component: "one-arch",
    measuredPlatforms: ["amd64"],
    remotePlatforms: { arches: [], source: "no rsync measured" },
    payload: { amd64: sourced(800 * MIB, "median over the selected runs (lockfile, 5 runs)") },
    sharedBytes: null,
    samples,
    buildS: { amd64: sourced(600) },
    queueS: {},
    current: { strategy: current, source: current ? "detected on run r4" : "no selected run shows a strategy" },
    detectedHazards: [],
    backtestRuns: [],
  };
}

describe("one build arch", () => {
  it("says shared and split are the same pipeline, predicts them alike and keeps what the component has", () => {
    for (const current of ["ta-shared", "ta-split"] as const) {
      const r = recommend(amd64Only(current));
      expect(r.singleArch).toBe(true);
      expect(r.reason).toMatch(
        /^One build arch \(amd64\): shared and split prefetch make no difference for one arch \(they are the same pipeline/,
      );
      expect(r.reason).toMatch(/set the platforms what-if \(e\.g\. platforms=amd64,arm64\)/);
      // Every strategy is still ranked.
      expect(r.strategies.map((s) => s.id).sort()).toEqual([...STRATEGY_IDS].sort());
      const taShared = byId(r, "ta-shared");
      const taSplit = byId(r, "ta-split");
      expect(taSplit.wallS).toBe(taShared.wallS);
      expect(taSplit.taskS).toBe(taShared.taskS);
      expect(taSplit.bytesMoved).toBe(taShared.bytesMoved);
      expect(taSplit.hazards).toEqual(taShared.hazards);
      expect(byId(r, "pvc-per-arch-split").wallS).toBe(byId(r, "pvc-shared").wallS);
      expect(byId(r, "pvc-per-arch-duplicated").wallS).toBe(byId(r, "pvc-shared").wallS);
      expect(byId(r, "pvc-per-arch-split").taskS).toBe(byId(r, "pvc-shared").taskS);
      // No switch between the two TA twins, whichever the component runs.
      expect(r).toMatchObject({ current, recommended: current, decision: "keep" });
      expect(r.savings.wallS).toBe(0);
    }
  });

  it("does not switch ta-shared to ta-split for one arch when split only wins by fetching the SRPMs apart", () => {
    const inputs: ModelInputs = { ...seedInputs("flatpak-runtime"), current: { strategy: "ta-shared", source: "x" } };
    // Four arches: a real per-arch split, worth switching to (the seed's conclusion).
    expect(recommend(inputs)).toMatchObject({ singleArch: false, decision: "switch", recommended: "ta-split" });
    const one = recommend(inputs, { platforms: ["amd64"] });
    expect(byId(one, "ta-split").wallS).toBeLessThan(byId(one, "ta-shared").wallS);
    expect(one).toMatchObject({ singleArch: true, decision: "keep", recommended: "ta-shared" });
    expect(one.reason).toMatch(/^One build arch \(amd64\)/);
    expect(one.reason).toMatch(/only because it fetches the SRPMs in a prefetch of their own/);
  });

  it("still compares Trusted Artifacts with PVC for one arch", () => {
    const r = recommend(amd64Only("ta-shared"), { requireTrustedArtifacts: false, thresholdS: 0, thresholdPct: 0 });
    expect(r.singleArch).toBe(true);
    expect(r.decision).toBe("switch");
    expect(r.recommended.startsWith("pvc-")).toBe(true);
  });

  it("is not single-arch with several platforms, and the what-if platforms change it", () => {
    const r = recommend(amd64Only(), { platforms: ["amd64", "arm64"] });
    expect(r.singleArch).toBe(false);
    expect(r.reason).not.toMatch(/One build arch/);
  });
});

describe("no detected strategy", () => {
  it('says "unknown", compares with the shipped default and says "use" the best allowed strategy, never "keep"', () => {
    const r = recommend({ ...seedInputs("flatpak-sdk"), current: { strategy: null, source: "no run shows one" } });
    expect(r).toMatchObject({ current: "unknown", baseline: "ta-shared", decision: "switch", recommended: "ta-split" });
    expect(r.currentSource).toMatch(/savings are against the shipped default ta-shared/);
    expect(r.reason).toMatch(/^No strategy was detected on this component's runs \(no run shows one\): use ta-split/);
    expect(r.savings.wallS).toBe(byId(r, "ta-shared").wallS - byId(r, "ta-split").wallS);
    // Even when the shipped default is the best, the answer recommends it rather than "keeping" it.
    for (const settings of [{}, { thresholdPct: 100 }, { objective: "registryBytes" as const }]) {
      const s = recommend({ ...seedInputs("flatpak-sdk"), current: { strategy: null, source: "x" } }, settings);
      expect(s.decision).not.toBe("keep");
      expect(s.recommended).toBe(s.strategies.find((p) => p.eligible)!.id);
    }
  });

  it("names no PVC strategy while Trusted Artifacts are required", () => {
    const r = recommend({ ...amd64Only(null), measuredPlatforms: ["amd64", "arm64"] });
    expect(r.current).toBe("unknown");
    expect(r.recommended.startsWith("ta-")).toBe(true);
  });

  it("recommends the shipped default over its split twin for one arch", () => {
    const inputs: ModelInputs = { ...seedInputs("flatpak-runtime"), current: { strategy: null, source: "x" } };
    const r = recommend(inputs, { platforms: ["amd64"] });
    expect(byId(r, "ta-split").rank).toBeLessThan(byId(r, "ta-shared").rank);
    expect(r).toMatchObject({ current: "unknown", decision: "switch", recommended: "ta-shared", singleArch: true });
    expect(r.savings.wallS).toBe(0);
  });
});

describe("nothing measured", () => {
  const empty = (strategy: StrategyId | null): ModelInputs => ({
    ...amd64Only(strategy),
    measuredPlatforms: [],
    payload: {},
    samples: [],
    buildS: {},
  });

  it('gives decision "none" with zero savings and says what to upload', () => {
    for (const strategy of [null, "ta-split"] as const) {
      const r = recommend(empty(strategy));
      expect(r).toMatchObject({
        decision: "none",
        current: strategy ?? "unknown",
        recommended: strategy ?? "unknown",
        savings: { wallS: 0, taskS: 0, bytesMoved: 0, registryBytes: 0, pvcBytes: 0 },
      });
      expect(r.reason).toMatch(/^Nothing about this component's dependencies was measured/);
      expect(r.reason).toMatch(/Upload runs with their logs and the lockfile \(rpms\.lock\.yaml\)/);
    }
  });

  it("with phase times but no sizes, names the timed phases and the missing lockfile instead of 'nothing'", () => {
    const r = recommend({ ...empty("ta-shared"), timedPhases: ["prefetch", "restore"] });
    expect(r.decision).toBe("none");
    expect(r.reason).toMatch(/^The selected runs timed prefetch, restore, but no run says how much was prefetched/);
    expect(r.reason).not.toMatch(/Nothing about/);
  });

  it("still switches away from a strategy the policy forbids, to the shipped default", () => {
    const r = recommend(empty("pvc-shared"));
    expect(r).toMatchObject({ current: "pvc-shared", decision: "switch", recommended: "ta-shared" });
    expect(r.reason).toMatch(/^pvc-shared is not allowed \(policy-requires-trusted-artifacts\)/);
    expect(recommend(empty("pvc-shared"), { requireTrustedArtifacts: false })).toMatchObject({
      decision: "none",
      recommended: "pvc-shared",
    });
  });

  it("decides on planned sizes alone, and says the sizes are planned and the rates defaults", () => {
    const inputs: ModelInputs = {
      ...empty("ta-shared"),
      measuredPlatforms: ["amd64"],
      payload: { amd64: sourced(900 * MIB, "planned: lockfile rpms.lock.yaml, 2026-12-06") },
      plannedPayload: ["amd64"],
    };
    const r = recommend(inputs);
    expect(r.decision).not.toBe("none");
    expect(r.inputs.payload.amd64).toEqual({
      bytes: 900 * MIB,
      source: "planned: lockfile rpms.lock.yaml, 2026-12-06",
    });
    expect(r.reason).toMatch(/The payload size of amd64 is planned/);
    expect(r.reason).toMatch(/The prefetch, upload and restore rates are the documented defaults/);
  });

  it("decides on what-if sizes", () => {
    const r = recommend(empty(null), { platforms: ["amd64", "arm64"], payloadMiB: { amd64: 500, arm64: 500 } });
    expect(r.decision).toBe("switch");
    expect(r.reason).toMatch(/the payload sizes are the what-if values of amd64 and arm64/);
  });
});
