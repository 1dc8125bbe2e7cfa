// Every bundle ref is digest-pinned: in the data file (lib/generate/bundle-refs.json) and in every output of every
// strategy, format and platform count. The file is kept in the form the refresh script writes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { STRATEGY_IDS } from "@/lib/domain/strategies";
import { serialiseBundleRefs } from "@/lib/generate/bundle-refresh";
import { BUNDLE_REFS, bundleRefsSchema } from "@/lib/generate/bundle-refs";
import { DEFAULT_BUNDLES, TASK_KINDS } from "@/lib/generate/bundles";
import { generatePipeline } from "@/lib/generate/generate";

const PINNED = /@sha256:[0-9a-f]{64}$/;
const FILE = new URL("../../../lib/generate/bundle-refs.json", import.meta.url);

describe("the bundle refs data file", () => {
  it("pins every ref to a digest and says where and when it was seen", () => {
    const entries = Object.entries(BUNDLE_REFS.refs);
    expect(entries.length).toBeGreaterThanOrEqual(TASK_KINDS.length);
    for (const [kind, entry] of entries) {
      expect(entry.ref, kind).toMatch(PINNED);
      expect(entry.ref, kind).toMatch(new RegExp(`/task-${kind}:[\\w.-]+@`));
      expect(entry.seen.date <= BUNDLE_REFS.takenAt, kind).toBe(true);
    }
  });

  it("has a ref for every task kind the generator emits, and nothing else", () => {
    expect(Object.keys(BUNDLE_REFS.refs).sort()).toEqual([...TASK_KINDS].sort());
    for (const kind of TASK_KINDS) expect(DEFAULT_BUNDLES[kind]).toBe(BUNDLE_REFS.refs[kind]?.ref);
  });

  it("is written exactly as the refresh script writes it", () => {
    expect(serialiseBundleRefs(BUNDLE_REFS)).toBe(readFileSync(FILE, "utf8"));
  });

  it("rejects a tag-only ref", () => {
    const broken = structuredClone(BUNDLE_REFS);
    const init = broken.refs.init;
    if (init) init.ref = "quay.io/konflux-ci/tekton-catalog/task-init:0.4";
    expect(bundleRefsSchema.safeParse(broken).success).toBe(false);
  });
});

describe("no output carries a tag-only bundle ref", () => {
  const cases = STRATEGY_IDS.flatMap((strategy) =>
    [["amd64"], ["amd64", "arm64"], ["amd64", "arm64", "ppc64le", "s390x"]].flatMap((platforms) =>
      (["pipelinerun", "tasks"] as const).map((format) => ({ strategy, platforms, format })),
    ),
  );

  it.each(cases)("$strategy, $platforms.length platforms, $format", ({ strategy, platforms, format }) => {
    const result = generatePipeline({ strategy, component: "demo", platforms, format });
    const bundles = [...result.yaml.matchAll(/- name: bundle\n\s+value: (\S+)/g)].map((match) => match[1]);
    expect(bundles.length).toBeGreaterThan(10);
    for (const bundle of bundles) expect(bundle).toMatch(PINNED);
    expect(result.yaml).not.toMatch(/quay\.io\/[^\s@]+:[\w.-]+\s*$/m);
    expect(result.warnings.join("\n")).not.toMatch(/without a digest/);
  });
});
