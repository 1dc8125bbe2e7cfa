// options.sourceInput: the split strategies' source prefetch reads its own hermeto input (e.g. an SRPM-only
// lockfile) instead of every selected arch's input, and the "downloads the binaries again" warning goes away.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { generatePipeline } from "@/lib/generate/generate";
import { statusOf } from "./support";
import type { Param, PipelineParamSpec, PipelineTask } from "@/lib/generate/tekton";

const BASE = readFileSync(new URL("../../fixtures/tekton/multi-platform-oci-ta-push.yaml", import.meta.url), "utf8");
const SOURCE_INPUT = '{"type":"rpm","path":"rpms/source"}';
const BINARIES_AGAIN = /downloads? the binaries again|binaries are downloaded again/;

interface Run {
  spec: { params: Param[]; pipelineSpec: { params: PipelineParamSpec[]; tasks: PipelineTask[] } };
}

const generate = (strategy: string, options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  generatePipeline({ strategy, component: "demo", platforms: ["amd64", "arm64", "s390x"], options, ...extra });

const valueOf = (run: Run, name: string) => run.spec.params.find((param) => param.name === name)?.value;
const defaultOf = (run: Run, name: string) =>
  run.spec.pipelineSpec.params.find((param) => param.name === name)?.default;
const task = (run: Run, name: string) => run.spec.pipelineSpec.tasks.find((candidate) => candidate.name === name);
const inputOf = (prefetch: PipelineTask | undefined) =>
  prefetch?.params?.find((param) => param.name === "input")?.value;

describe("sourceInput", () => {
  it.each(["ta-split", "pvc-per-arch-split"])(
    "%s: the source prefetch reads sourceInput and no warning says the binaries are fetched again",
    (strategy) => {
      const result = generate(strategy, { sourceInput: SOURCE_INPUT });
      expect(result.checks.filter((check) => !check.ok)).toEqual([]);
      const run = parse(result.yaml) as Run;
      expect(valueOf(run, "prefetch-input-source")).toBe(SOURCE_INPUT);
      expect(defaultOf(run, "prefetch-input-source")).toBe(SOURCE_INPUT);
      expect(inputOf(task(run, "prefetch-dependencies-source"))).toBe("$(params.prefetch-input-source)");
      // The per-arch lanes still get their derived inputs.
      expect(valueOf(run, "prefetch-input-s390x")).toBe('{"type":"rpm","path":".","binary":{"arch":"s390x"}}');
      expect(result.warnings.filter((warning) => BINARIES_AGAIN.test(warning))).toEqual([]);
    },
  );

  it.each(["ta-split", "pvc-per-arch-split"])(
    "%s without sourceInput: the union of the selected arches, with its warning",
    (strategy) => {
      const result = generate(strategy);
      const run = parse(result.yaml) as Run;
      expect(valueOf(run, "prefetch-input-source")).toBe(
        '{"type":"rpm","path":".","binary":{"arch":"x86_64,aarch64,s390x"}}',
      );
      expect(result.warnings.filter((warning) => BINARIES_AGAIN.test(warning))).toHaveLength(1);
    },
  );

  it("is trimmed and used as given, in any shape hermeto accepts", () => {
    const wrapper = '{"packages":[{"type":"rpm","path":"srpms"}],"flags":["cgo-disable"]}';
    const run = parse(generate("ta-split", { sourceInput: `  ${wrapper}\n` }).yaml) as Run;
    expect(valueOf(run, "prefetch-input-source")).toBe(wrapper);
  });

  it("rejects an input that does not parse or still holds @arch@ with 422 naming sourceInput", () => {
    expect(statusOf(() => generate("ta-split", { sourceInput: "{not json" }))).toBe(422);
    expect(() => generate("ta-split", { sourceInput: "{not json" })).toThrow(/^sourceInput: /);
    expect(statusOf(() => generate("ta-split", { sourceInput: '{"type":"rpm","path":"rpms/@arch@"}' }))).toBe(422);
    expect(() => generate("pvc-per-arch-split", { sourceInput: '{"type":"rpm","path":"@arch@"}' })).toThrow(
      /sourceInput .*cannot contain @arch@/,
    );
    expect(statusOf(() => generate("ta-split", { sourceInput: "   " }))).toBe(422);
  });

  it.each([
    ["ta-shared", {}],
    ["pvc-shared", {}],
    ["pvc-per-arch-duplicated", {}],
    ["ta-split", { prefetchSources: false }],
    ["pvc-per-arch-split", { prefetchSources: false }],
  ])("%s %o: warns that sourceInput is not used, and the file has no prefetch-input-source", (strategy, extra) => {
    const result = generate(strategy, { sourceInput: SOURCE_INPUT, ...extra });
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.warnings.filter((warning) => warning.startsWith("sourceInput is not used:"))).toHaveLength(1);
    expect(result.yaml).not.toContain("rpms/source");
    expect(result.yaml).not.toContain("prefetch-input-source");
  });

  it("tasks format: the source prefetch still reads the prefetch-input-source param", () => {
    const result = generate("ta-split", { sourceInput: SOURCE_INPUT }, { format: "tasks" });
    const tasks = parse(result.yaml) as PipelineTask[];
    expect(inputOf(tasks.find((candidate) => candidate.name === "prefetch-dependencies-source"))).toBe(
      "$(params.prefetch-input-source)",
    );
    expect(result.warnings.join("\n")).toContain("prefetch-input-source");
  });

  it("patch mode sets the source prefetch's input in the base file", () => {
    const result = generatePipeline({
      strategy: "ta-split",
      component: "rpm-heavy",
      base: BASE,
      options: { sourceInput: SOURCE_INPUT },
    });
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    const run = parse(result.yaml) as Run;
    expect(valueOf(run, "prefetch-input-source")).toBe(SOURCE_INPUT);
    expect(inputOf(task(run, "prefetch-dependencies-source"))).toBe("$(params.prefetch-input-source)");
    expect(result.diff).toContain(`+    - name: prefetch-input-source`);
    expect(result.warnings.filter((warning) => BINARIES_AGAIN.test(warning))).toEqual([]);
  });
});
