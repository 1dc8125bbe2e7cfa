// Patch mode edits the user's file in place: on a compact-style (as Konflux writes `.tekton` files) and an
// indented-style push pipeline, every strategy changes only lines of the rewired tasks, of kept tasks' params and
// runAfter, and of the params and workspaces lists — checked line by line against the diff — keeps comments and
// each file's layout, and patching again is a no-op.
import { readFileSync } from "node:fs";
import { structuredPatch } from "diff";
import { isMap, isSeq, parseDocument, type Node, type Pair, type YAMLMap, type YAMLSeq } from "yaml";
import { describe, expect, it } from "vitest";
import { STRATEGY_IDS, type StrategyId } from "@/lib/domain/strategies";
import { generatePipeline } from "@/lib/generate/generate";
import { isManaged, roleOf } from "@/lib/generate/patch-base";
import type { PipelineTask } from "@/lib/generate/tekton";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/tekton/${name}`, import.meta.url), "utf8");
const FIXTURES = [
  { name: "compact", file: "compact-multi-platform-oci-ta-push.yaml", component: "shop-api" },
  { name: "indented", file: "multi-platform-oci-ta-push.yaml", component: "rpm-heavy" },
] as const;

const patch = (base: string, component: string, strategy: StrategyId) =>
  generatePipeline({ strategy, component, base });

/** What each line of a pipeline file belongs to: a task (or one of its lists), a params or workspaces list, or other. */
function lineRegions(text: string): string[] {
  const document = parseDocument(text);
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length - 1;
  const lines = text.split("\n");
  const regions = lines.map(() => "other");
  const mark = (from: number, to: number, region: string) => {
    for (let line = from; line <= to && line < regions.length; line++) regions[line] = region;
  };
  const lastLine = (node: Node) => {
    let end = node.range![1];
    while (end > 0 && /\s/.test(text[end - 1]!)) end--;
    return lineOf(end - 1);
  };
  const markSeq = (path: string[], region: string) => {
    const seq = document.getIn(path, true) as Node | undefined;
    if (seq?.range) mark(lineOf(seq.range[0]) - 1, lastLine(seq), region);
  };
  markSeq(["spec", "params"], "params");
  markSeq(["spec", "pipelineSpec", "params"], "params");
  markSeq(["spec", "workspaces"], "workspaces");
  markSeq(["spec", "pipelineSpec", "workspaces"], "workspaces");
  for (const list of ["tasks", "finally"]) {
    const seq = document.getIn(["spec", "pipelineSpec", list], true) as YAMLSeq<YAMLMap> | undefined;
    for (const item of seq?.items ?? []) {
      const name = String(item.get("name"));
      let first = lineOf(item.range![0]);
      while (first > 0 && /^\s*#/.test(lines[first - 1]!)) first--;
      mark(first, lastLine(item), `task ${name}`);
      for (const pair of item.items as Pair<Node, Node>[]) {
        const key = String((pair.key as unknown as { value: unknown }).value);
        if (pair.value && (isSeq(pair.value) || isMap(pair.value)) && ["params", "runAfter"].includes(key)) {
          mark(lineOf(pair.key.range![0]), lastLine(pair.value), `task ${name} ${key}`);
        }
      }
    }
  }
  return regions;
}

const managedTasks = (text: string) => {
  const tasks = (parseDocument(text).toJS() as { spec: { pipelineSpec: { tasks: PipelineTask[] } } }).spec.pipelineSpec
    .tasks;
  return new Set(tasks.filter((task) => isManaged(roleOf(task))).map((task) => task.name));
};

/** Every changed line of the diff, with what it belongs to in its own file. */
function changedLines(before: string, after: string) {
  const oldRegions = lineRegions(before);
  const newRegions = lineRegions(after);
  const changes: { sign: "+" | "-"; region: string; text: string }[] = [];
  for (const hunk of structuredPatch("a", "b", before, after, undefined, undefined, { context: 0 }).hunks) {
    let oldLine = hunk.oldStart - 1;
    let newLine = hunk.newStart - 1;
    for (const line of hunk.lines) {
      if (line.startsWith("-")) changes.push({ sign: "-", region: oldRegions[oldLine++]!, text: line });
      else if (line.startsWith("+")) changes.push({ sign: "+", region: newRegions[newLine++]!, text: line });
      else if (!line.startsWith("\\")) {
        oldLine++;
        newLine++;
      }
    }
  }
  return changes;
}

function allowed(region: string, rewired: Set<string>): boolean {
  if (region === "params" || region === "workspaces") return true;
  const [word, name, list] = region.split(" ");
  return word === "task" && (rewired.has(name!) || list === "params" || list === "runAfter");
}

describe.each(FIXTURES)("patching the $name push pipeline", ({ file, component }) => {
  const base = fixture(file);
  const comments = base.split("\n").filter((line) => /^\s*#/.test(line) || / # /.test(line));

  it.each(STRATEGY_IDS)("to %s changes only rewired tasks, params, runAfter and workspaces lines", (strategy) => {
    const result = patch(base, component, strategy);
    expect(result.warnings.join("\n")).not.toMatch(/could not be edited in place/);
    const rewired = new Set([...managedTasks(base), ...managedTasks(result.yaml)]);
    const outside = changedLines(base, result.yaml).filter((change) => !allowed(change.region, rewired));
    expect(outside).toEqual([]);
    // Comments survive, but those of a task the strategy removes.
    const removed = [...managedTasks(base)].filter((name) => !managedTasks(result.yaml).has(name));
    const regions = lineRegions(base);
    for (const [index, line] of base.split("\n").entries()) {
      if (!comments.includes(line)) continue;
      const ofRemoved = removed.some((name) => regions[index] === `task ${name}`);
      if (!ofRemoved) expect(result.yaml, line).toContain(line);
    }
    // Patching again to the same strategy is a no-op.
    expect(patch(result.yaml, component, strategy).yaml).toBe(result.yaml);
  });

  it("to its own strategy (ta-shared) is a no-op", () => {
    const result = patch(base, component, "ta-shared");
    expect(result.yaml).toBe(base);
  });

  it("keeps the file's layout in what it inserts: sequence style and quoting", () => {
    const result = patch(base, component, "ta-split");
    const added = changedLines(base, result.yaml).filter((change) => change.sign === "+");
    const compact = file.startsWith("compact");
    // A `- ` item under a key sits at the key's column (compact) or two columns in (indented).
    const inserted = result.yaml.split("\n");
    const runAfter = inserted.findIndex((line, i) => /^\s+runAfter:$/.test(line) && i > 100);
    const keyColumn = inserted[runAfter]!.indexOf("runAfter");
    expect(inserted[runAfter + 1]!.indexOf("-")).toBe(compact ? keyColumn : keyColumn + 2);
    const quoted = added.map((change) => change.text).filter((line) => /: ['"]/.test(line));
    expect(quoted.length).toBeGreaterThan(0);
    for (const line of quoted) expect(line, line).toMatch(compact ? /: '/ : /: "/);
  });
});

describe("ta-shared → ta-split on the four-platform compact file", () => {
  it("is a diff of the rewired tasks, params and runAfter lines, nearly all of them the new per-arch tasks", () => {
    const base = fixture("compact-multi-platform-oci-ta-push.yaml");
    const result = patch(base, "shop-api", "ta-split");
    const changes = changedLines(base, result.yaml);
    expect(changes.length).toBeGreaterThan(250);
    expect(changes.length).toBeLessThan(500);
    const perArch = changes.filter((change) => /^task \S+-(amd64|arm64|ppc64le|s390x|source)( |$)/.test(change.region));
    expect(perArch.length / changes.length).toBeGreaterThan(0.75);
    // Untouched tasks are byte for byte the same.
    const before = base.split("\n");
    for (const name of ["init", "clone-repository", "clair-scan", "apply-tags", "rpms-signature-scan"]) {
      const regions = lineRegions(base);
      const text = before
        .filter((_, i) => regions[i] === `task ${name}` || regions[i]!.startsWith(`task ${name} `))
        .join("\n");
      expect(result.yaml, name).toContain(text);
    }
    expect(result.checks.filter((check) => !check.ok && (check.name as string) !== "required-tasks")).toEqual([]);
    // The headline a reviewer reads first counts the same lines and names the tasks.
    const summary = result.diffSummary!;
    expect(summary.linesAdded + summary.linesRemoved).toBe(changes.length);
    expect(summary.headline).toBe(`${changes.length} lines changed in ${summary.tasks.length} tasks and the params`);
    expect(summary.tasks).toEqual(
      expect.arrayContaining(["build-s390x", "prefetch-dependencies-source", "build-images"]),
    );
    expect(summary.tasks).not.toContain("clair-scan");
    expect(patch(base, "shop-api", "ta-shared").diffSummary?.headline).toBe(
      "No change: the file already has this strategy's wiring",
    );
  });
});

describe("a file with Windows line ends", () => {
  it("is patched in place and keeps CRLF on every line, the inserted ones too", () => {
    const base = fixture("compact-multi-platform-oci-ta-push.yaml").replace(/\n/g, "\r\n");
    const result = patch(base, "shop-api", "ta-split");
    expect(result.warnings.join("\n")).not.toMatch(/could not be edited in place/);
    expect(
      result.yaml
        .split("\n")
        .slice(0, -1)
        .every((line) => line.endsWith("\r")),
    ).toBe(true);
    const lf = patch(base.replace(/\r\n/g, "\n"), "shop-api", "ta-split").yaml;
    expect(result.yaml).toBe(lf.replace(/\n/g, "\r\n"));
  });
});
