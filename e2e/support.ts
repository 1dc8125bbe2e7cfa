// Test isolation for the end-to-end specs: they share one server and database, so each spec uploads its
// fixtures under its own component names and uids (`tagged`), and never sees another spec's runs.
import { createHash } from "node:crypto";
import type { Scenario } from "../tests/fixtures/bundles/expected";

function replaceAll(text: string, pairs: [string, string][]): string {
  return pairs.reduce((current, [from, to]) => current.split(from).join(to), text);
}

/**
 * The scenario with every component name suffixed by `-<tag>` and every PipelineRun uid changed, in the
 * file names and contents (Tekton Results records are decoded, rewritten and encoded again) and in the
 * expected values. TaskRun names start with the component's, so log folders follow them.
 */
export function tagged(scenario: Scenario, tag: string): Scenario {
  const pairs: [string, string][] = [];
  for (const run of scenario.expected.pipelineRuns) {
    if (!pairs.some(([from]) => from === run.component)) pairs.push([run.component, `${run.component}-${tag}`]);
    if (run.uid) {
      const suffix = createHash("sha256").update(tag).digest("hex").slice(0, 8);
      pairs.push([run.uid, `${run.uid.slice(0, -8)}${suffix}`]);
    }
  }
  const rewrite = (text: string) => replaceAll(text, pairs);
  const files = scenario.files.map((file) => {
    const path = rewrite(file.path);
    if (typeof file.content !== "string") return { ...file, path };
    let content = file.content;
    if (file.path.endsWith(".json") && content.includes('"records"')) {
      const list = JSON.parse(content) as { records: { data: { value: string } }[] };
      for (const record of list.records) {
        record.data.value = Buffer.from(rewrite(Buffer.from(record.data.value, "base64").toString("utf8"))).toString(
          "base64",
        );
      }
      content = JSON.stringify(list, null, 2);
    }
    return { ...file, path, content: rewrite(content) };
  });
  return {
    ...scenario,
    files,
    expected: JSON.parse(rewrite(JSON.stringify(scenario.expected))) as Scenario["expected"],
  };
}
