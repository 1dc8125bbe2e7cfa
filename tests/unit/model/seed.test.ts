// Acceptance 1 of the recommendation issue, from the seed's own tables (build-definitions#1275): split
// prefetch beats shared prefetch on both Flatpak images, and the arithmetic is the seed's.
import { describe, expect, it } from "vitest";
import { MIB } from "@/lib/domain/phases";
import { recommend } from "@/lib/model/recommend";
import { seedInputs } from "./seed-inputs";

const byId = (r: ReturnType<typeof recommend>, id: string) => r.strategies.find((s) => s.id === id)!;

describe("the seed's tables", () => {
  it("flatpak-sdk: ta-split ranks above ta-shared by wall time and by bytes moved", () => {
    const wall = recommend(seedInputs("flatpak-sdk"));
    expect(byId(wall, "ta-split").rank).toBeLessThan(byId(wall, "ta-shared").rank);
    expect(byId(wall, "ta-split").wallS).toBeLessThan(byId(wall, "ta-shared").wallS);
    const bytes = recommend(seedInputs("flatpak-sdk"), { objective: "bytesMoved" });
    expect(byId(bytes, "ta-split").rank).toBeLessThan(byId(bytes, "ta-shared").rank);
    // Measured with split prefetch and Trusted Artifacts, so that is the current strategy: keep it.
    expect(wall).toMatchObject({ current: "ta-split", recommended: "ta-split", decision: "keep" });
  });

  it("reproduces the seed's arithmetic: a shared prefetch costs the sum of the per-arch prefetches", () => {
    const sdk = byId(recommend(seedInputs("flatpak-sdk")), "ta-shared");
    const prefetch = sdk.explanation.find((e) => e.quantity === "prefetch-dependencies: prefetch")!;
    // 545 + 528 + 528 + 530 + 888 = 3,019 s, the seed's Total row.
    expect(prefetch.value).toBe("3,019 s");
    const runtime = byId(recommend(seedInputs("flatpak-runtime")), "ta-shared");
    expect(runtime.explanation.find((e) => e.quantity === "prefetch-dependencies: prefetch")!.value).toBe("287 s");
  });

  it("has every arch restore the whole payload under ta-shared, and only its own under ta-split", () => {
    const r = recommend(seedInputs("flatpak-sdk"));
    const shared = byId(r, "ta-shared");
    const restores = shared.explanation.filter((e) => e.quantity.endsWith("restore every arch's dependencies"));
    expect(restores).toHaveLength(4);
    for (const restore of restores) expect(restore.inputs.bytes).toBe("5,750 MiB");
    // 4 builds and the source build each download all 5,750 MiB.
    expect(shared.bytes.registryDown).toBe(5 * 5750 * MIB);
    const split = byId(r, "ta-split");
    expect(
      split.explanation.find((e) => e.quantity === "build-s390x: restore its own arch (s390x)")!.inputs.bytes,
    ).toBe("544 MiB");
    expect(split.bytes.registryDown).toBe(5750 * MIB);
  });

  it("flatpak-runtime: switching a shared pipeline to split saves minutes, as the seed's author concluded", () => {
    const r = recommend({ ...seedInputs("flatpak-runtime"), current: { strategy: null, source: "a table" } });
    // No strategy detected: current is "unknown", and the savings are against the shipped default ta-shared.
    expect(r).toMatchObject({ current: "unknown", baseline: "ta-shared", recommended: "ta-split", decision: "switch" });
    expect(r.savings.wallS).toBeGreaterThan(300);
    expect(r.savings.bytesMoved).toBeGreaterThan(20_000 * MIB);
  });

  it("never recommends a PVC strategy while Trusted Artifacts are required, and says why", () => {
    const r = recommend(seedInputs("flatpak-sdk"));
    for (const id of ["pvc-shared", "pvc-per-arch-duplicated", "pvc-per-arch-split"]) {
      const s = byId(r, id);
      expect(s.eligible).toBe(false);
      expect(s.hazards.map((h) => h.code)).toContain("policy-requires-trusted-artifacts");
    }
    // Without the policy, the per-arch PVC split wins wall time: it skips upload and restore.
    const free = recommend(seedInputs("flatpak-sdk"), { requireTrustedArtifacts: false });
    expect(free.strategies[0]!.id).toBe("pvc-per-arch-split");
    expect(free).toMatchObject({ decision: "switch", recommended: "pvc-per-arch-split" });
  });
});
