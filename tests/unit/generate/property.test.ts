import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILD_ARCHES } from "@/lib/domain/arch";
import { STRATEGY_IDS } from "@/lib/domain/strategies";
import { checkPipeline } from "@/lib/generate/checks";
import { generatePipeline } from "@/lib/generate/generate";

const platformSpellings: Record<string, string[]> = {
  amd64: ["amd64", "x86_64", "linux/x86_64"],
  arm64: ["arm64", "aarch64", "linux/arm64", "linux-m2xlarge/arm64"],
  ppc64le: ["ppc64le", "linux/ppc64le"],
  s390x: ["s390x", "linux/s390x"],
};

const platforms = fc
  .subarray([...BUILD_ARCHES], { minLength: 1 })
  .chain((arches) => fc.tuple(...arches.map((arch) => fc.constantFrom(...(platformSpellings[arch] ?? [arch])))))
  .chain((list) => fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }));

const options = fc.record(
  {
    event: fc.constantFrom("push", "pull_request"),
    prefetchSources: fc.boolean(),
    prefetchInput: fc.constantFrom(
      '{"type":"rpm","path":"."}',
      '[{"type":"rpm","path":"."},{"type":"gomod","path":"."}]',
      '{"packages":[{"type":"rpm","path":"rpms"}],"flags":[]}',
      "rpm",
    ),
    sourceInput: fc.constantFrom('{"type":"rpm","path":"rpms/source"}', "rpm"),
    pvcAccessMode: fc.constantFrom("ReadWriteOnce", "ReadWriteMany"),
    payloadBytes: fc.nat({ max: 50 * 1024 ** 3 }),
    imageExpiresAfter: fc.constantFrom("", "5d", "12h"),
  },
  { requiredKeys: [] },
);

describe("every generated pipeline passes every check", () => {
  it("for any strategy, platform subset, format and options", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STRATEGY_IDS),
        platforms,
        fc.constantFrom("pipelinerun", "tasks"),
        options,
        (strategy, selected, format, chosen) => {
          const result = generatePipeline({
            strategy,
            component: "prop-demo",
            platforms: selected,
            format,
            options: chosen,
          });
          expect(result.checks.filter((check) => !check.ok)).toEqual([]);
          expect(checkPipeline(result.yaml).filter((check) => !check.ok)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
    // 150 generations take about 4 s on 2 cores: above vitest's 5 s default once other test files run alongside.
  }, 30_000);
});
