// Properties the cost model must keep for any valid input (fast-check): more bytes never predict less
// time; split never moves more bytes per build than shared; removing an arch never increases wall time;
// every prediction is finite and non-negative.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILD_ARCHES, type BuildArch } from "@/lib/domain/arch";
import { MIB } from "@/lib/domain/phases";
import { recommend } from "@/lib/model/recommend";
import type { ModelInputs, ModelSettings, PayloadArch, PhaseSample } from "@/lib/model/types";

const archSet = fc.subarray([...BUILD_ARCHES], { minLength: 1 });
const mib = fc.double({ min: 0, max: 20_000, noNaN: true });
const sampleArb: fc.Arbitrary<PhaseSample> = fc.record({
  phase: fc.constantFrom("prefetch", "upload", "restore", "rsync"),
  parts: fc.integer({ min: 1, max: 5 }),
  bytes: fc.double({ min: 0.01, max: 20_000, noNaN: true }).map((m) => m * MIB),
  seconds: fc.double({ min: 0, max: 5_000, noNaN: true }),
  arch: fc.constantFrom(...BUILD_ARCHES),
  source: fc.constant("generated"),
});

const inputsArb: fc.Arbitrary<ModelInputs> = fc
  .record({
    measured: archSet,
    remote: fc.subarray([...BUILD_ARCHES]),
    payload: fc.record({ amd64: mib, arm64: mib, ppc64le: mib, s390x: mib, source: mib }, { requiredKeys: [] }),
    shared: fc.option(mib, { nil: null }),
    samples: fc.array(sampleArb, { maxLength: 30 }),
    build: fc.record({ amd64: mib, arm64: mib, ppc64le: mib, s390x: mib, source: mib }, { requiredKeys: [] }),
    current: fc.option(
      fc.constantFrom("ta-shared", "ta-split", "pvc-shared", "pvc-per-arch-duplicated", "pvc-per-arch-split" as const),
      { nil: null },
    ),
  })
  .map(({ measured, remote, payload, shared, samples, build, current }) => ({
    component: "generated",
    measuredPlatforms: measured,
    remotePlatforms: { arches: remote, source: "generated" },
    payload: Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, { value: v * MIB, source: "generated" }])),
    sharedBytes: shared === null ? null : { value: shared * MIB, source: "generated" },
    samples,
    buildS: Object.fromEntries(Object.entries(build).map(([k, v]) => [k, { value: v, source: "generated" }])),
    queueS: {},
    current: { strategy: current, source: "generated" },
    detectedHazards: [],
    backtestRuns: [],
  }));

const settingsArb: fc.Arbitrary<Partial<ModelSettings>> = fc.record(
  {
    requireTrustedArtifacts: fc.boolean(),
    prefetchContention: fc.double({ min: 0, max: 3, noNaN: true }),
    prefetchMiBps: fc.option(fc.double({ min: 0.1, max: 1000, noNaN: true }), { nil: null }),
    registryUpMiBps: fc.option(fc.double({ min: 0.1, max: 1000, noNaN: true }), { nil: null }),
    splitSource: fc.constantFrom("sources-only", "all-arches" as const),
    expiryDays: fc.integer({ min: 0, max: 30 }),
  },
  { requiredKeys: [] },
);

const METRICS = ["wallS", "taskS", "bytesMoved", "registryBytes", "pvcBytes"] as const;

describe("cost model properties", () => {
  it("predicts finite, non-negative numbers for any valid input", () => {
    fc.assert(
      fc.property(inputsArb, settingsArb, (inputs, settings) => {
        const r = recommend(inputs, settings);
        expect(r.strategies).toHaveLength(5);
        for (const s of r.strategies) {
          for (const metric of METRICS) {
            expect(Number.isFinite(s[metric])).toBe(true);
            expect(s[metric]).toBeGreaterThanOrEqual(0);
          }
        }
        // "none" exactly when nothing was measured (unless the detected strategy is not allowed: then switch).
        const measured = inputs.samples.length > 0 || Object.keys(inputs.payload).length > 0;
        const blocked = inputs.current.strategy !== null && !r.strategies.find((s) => s.id === r.current)!.eligible;
        if (measured) expect(["keep", "switch"]).toContain(r.decision);
        else expect(r.decision).toBe(blocked ? "switch" : "none");
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it("never predicts less time for more bytes", () => {
    fc.assert(
      fc.property(
        inputsArb,
        settingsArb,
        fc.constantFrom<PayloadArch>(...BUILD_ARCHES, "source"),
        mib,
        (inputs, settings, part, extra) => {
          const before = recommend(inputs, settings);
          const base = before.inputs.payload[part]?.bytes ?? 0;
          const after = recommend(inputs, { ...settings, payloadMiB: { [part]: base / MIB + extra } });
          for (const s of before.strategies) {
            const t = after.strategies.find((x) => x.id === s.id)!;
            expect(t.wallS).toBeGreaterThanOrEqual(s.wallS - 1e-6);
            expect(t.taskS).toBeGreaterThanOrEqual(s.taskS - 1e-6);
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it("never has split move more bytes per build than shared (SRPM-only source prefetch)", () => {
    fc.assert(
      fc.property(inputsArb, settingsArb, (inputs, settings) => {
        const r = recommend(inputs, { ...settings, splitSource: "sources-only" });
        const get = (id: string) => r.strategies.find((s) => s.id === id)!.bytesMoved;
        expect(get("ta-split")).toBeLessThanOrEqual(get("ta-shared") + 1e-3);
        expect(get("pvc-per-arch-split")).toBeLessThanOrEqual(get("pvc-shared") + 1e-3);
        expect(get("pvc-per-arch-split")).toBeLessThanOrEqual(get("pvc-per-arch-duplicated") + 1e-3);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it("never increases wall time when an arch is removed", () => {
    fc.assert(
      fc.property(inputsArb, settingsArb, fc.constantFrom<BuildArch>(...BUILD_ARCHES), (inputs, settings, drop) => {
        const all = recommend(inputs, settings);
        const fewer = all.settings.platforms.filter((arch) => arch !== drop);
        fc.pre(fewer.length > 0 && fewer.length < all.settings.platforms.length);
        const less = recommend(inputs, { ...settings, platforms: fewer });
        for (const s of less.strategies) {
          expect(s.wallS).toBeLessThanOrEqual(all.strategies.find((x) => x.id === s.id)!.wallS + 1e-6);
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
