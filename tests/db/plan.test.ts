// Planning a payload with no runs (lib/recommend/plan.ts), on SQLite and PostgreSQL: on an empty database every
// rate is a documented default; with the demo's components the rates are pooled from them, and a four-arch
// lockfile's plan ranks all five strategies with ranges that contain their estimates.
import { afterEach, describe, expect, it } from "vitest";
import { loadDemoIfEmpty } from "@/lib/pipeline/load-demo-data";
import { planInput, planRequestSchema } from "@/lib/pipeline/plan-request";
import { planRecommendation } from "@/lib/recommend/plan";
import { buildLockfile, lockfileYaml } from "../fixtures/bundles/lockfile";
import { DATABASE_KINDS, migratedDatabase, projectRoot } from "./support";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const LOCKFILE = lockfileYaml(buildLockfile(["amd64", "arm64", "ppc64le", "s390x"]));
const plan = (body: unknown) => planInput(planRequestSchema.parse(body));

describe.each(DATABASE_KINDS)("plan on %s", (kind) => {
  it("uses the documented defaults on an empty database, and pools the demo's components once there are some", async () => {
    const { db, cleanup } = await migratedDatabase(kind);
    cleanups.push(cleanup);
    const empty = await planRecommendation(db, plan({ lockfile: LOCKFILE }));
    expect(empty.inputs.pooled).toEqual({ components: 0, runs: 0 });
    expect(empty.inputs.fits.prefetch.origin?.text).toBe("default");
    expect(empty.confidence).toBe("low");
    expect(empty.current).toBe("unknown");
    expect(empty.baseline).toBe("ta-shared");

    await loadDemoIfEmpty(db, projectRoot);
    const answer = await planRecommendation(db, plan({ lockfile: LOCKFILE, current: "ta-shared" }));
    expect(answer.inputs.pooled.components).toBeGreaterThanOrEqual(2);
    expect(answer.inputs.fits.prefetch.origin?.text).toMatch(/^pooled: \d+ components/);
    expect(answer.current).toBe("ta-shared");
    expect(answer.inputs.platforms).toEqual(["amd64", "arm64", "ppc64le", "s390x"]);
    expect(answer.inputs.payload.source?.source).toBe("rpms.lock.yaml: source RPMs of every arch, de-duplicated");
    expect(answer.strategies.map((s) => s.id).sort()).toEqual(
      ["pvc-per-arch-duplicated", "pvc-per-arch-split", "pvc-shared", "ta-shared", "ta-split"].sort(),
    );
    for (const strategy of answer.strategies) {
      expect(strategy.ranges.wallS.low).toBeLessThanOrEqual(strategy.wallS);
      expect(strategy.ranges.wallS.high).toBeGreaterThanOrEqual(strategy.wallS);
    }
    expect(answer.planWarnings).toEqual([]);
    // Trusted Artifacts are required by default: a PVC strategy is never the recommendation.
    expect(answer.recommended.startsWith("pvc")).toBe(false);
  });
});
