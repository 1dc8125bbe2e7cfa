// The in-place YAML editor of patch mode (lib/generate/patch-splice.ts): on random Tekton-like documents written
// compact or indented, with comments, and random edits of their value (scalars changed, keys and named items
// added, removed or replaced), the edited text parses to exactly the new value, and every top-level section the
// edit did not touch keeps its text byte for byte.
import fc from "fast-check";
import { Document, parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { detectStyle } from "@/lib/generate/patch-style";
import { spliceDocument } from "@/lib/generate/patch-splice";

const word: fc.Arbitrary<string> = fc.constantFrom("init", "clone", "build", "scan", "index", "tags", "push", "sbom");
const scalar = fc.oneof(
  fc.constantFrom("true", "false", "", "3", "$(params.x)", "a: b", "# not a comment", "{{revision}}", "x\ny\n"),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 500 }),
  fc.boolean(),
);
const param = fc.record({ name: word, value: fc.oneof(scalar, fc.array(scalar, { minLength: 1, maxLength: 3 })) });
const uniqueByName = <T extends { name: string }>(items: T[]) =>
  items.filter((item, i) => items.findIndex((other) => other.name === item.name) === i);
const task = fc.record(
  {
    name: word,
    params: fc.array(param, { minLength: 1, maxLength: 4 }).map(uniqueByName),
    runAfter: fc.array(word, { minLength: 1, maxLength: 3 }),
    timeout: scalar,
  },
  { requiredKeys: ["name", "params"] },
);
const documentValue = fc.record({
  apiVersion: fc.constant("tekton.dev/v1"),
  kind: fc.constant("PipelineRun"),
  metadata: fc.record({ name: word, labels: fc.dictionary(word, scalar, { minKeys: 1, maxKeys: 3 }) }),
  spec: fc.record({
    params: fc.array(param, { minLength: 1, maxLength: 4 }).map(uniqueByName),
    tasks: fc.array(task, { minLength: 1, maxLength: 6 }).map(uniqueByName),
  }),
});
type Value = typeof documentValue extends fc.Arbitrary<infer T> ? T : never;

/** An edit of the value: what patch mode does to a pipeline, at random. */
const edit = fc.record({
  label: fc.option(scalar, { nil: undefined }),
  dropTask: fc.nat(),
  newTask: fc.option(task, { nil: undefined }),
  changeParam: fc.option(fc.tuple(fc.nat(), fc.nat(), scalar), { nil: undefined }),
  newRunAfter: fc.option(fc.tuple(fc.nat(), fc.array(word, { maxLength: 3 })), { nil: undefined }),
  addSpecParam: fc.option(param, { nil: undefined }),
});

function applyEdit(value: Value, e: typeof edit extends fc.Arbitrary<infer T> ? T : never): Value {
  const next = structuredClone(value);
  if (e.label !== undefined) next.metadata.labels.edited = e.label as never;
  const tasks = next.spec.tasks;
  if (tasks.length > 1 && e.dropTask % 3 === 0) tasks.splice(e.dropTask % tasks.length, 1);
  if (e.newTask && !tasks.some((t) => t.name === `${e.newTask!.name}-new`)) {
    tasks.splice(e.dropTask % (tasks.length + 1), 0, { ...e.newTask, name: `${e.newTask.name}-new` });
  }
  if (e.changeParam) {
    const target = tasks[e.changeParam[0] % tasks.length]!;
    target.params[e.changeParam[1] % target.params.length]!.value = e.changeParam[2];
  }
  if (e.newRunAfter) {
    const target = tasks[e.newRunAfter[0] % tasks.length]!;
    if (e.newRunAfter[1].length === 0) delete target.runAfter;
    else target.runAfter = e.newRunAfter[1];
  }
  if (e.addSpecParam && !next.spec.params.some((p) => p.name === `${e.addSpecParam!.name}-added`)) {
    next.spec.params.push({ ...e.addSpecParam, name: `${e.addSpecParam.name}-added` });
  }
  return next;
}

function write(value: Value, indentSeq: boolean, comments: boolean): string {
  const document = new Document(value);
  if (comments) {
    document.commentBefore = " a pipeline";
    const tasks = document.getIn(["spec", "tasks"], true) as { items: { commentBefore?: string }[] };
    tasks.items.forEach((item, i) => {
      if (i % 2 === 0) item.commentBefore = ` task ${i}`;
    });
  }
  return document.toString({ indentSeq, lineWidth: 0 });
}

describe("spliceDocument", () => {
  it("edits random documents into exactly the new value, leaving untouched sections byte for byte", () => {
    fc.assert(
      fc.property(documentValue, edit, fc.boolean(), fc.boolean(), (value, e, indentSeq, comments) => {
        const text = write(value, indentSeq, comments);
        const next = applyEdit(value, e);
        const document = parseDocument(text);
        const result = spliceDocument(text, document.contents, next, detectStyle(text, document.contents));
        expect(result).not.toBeNull();
        const reparsed = parseDocument(result!.text);
        expect(reparsed.errors).toEqual([]);
        expect(reparsed.toJSON()).toEqual(JSON.parse(JSON.stringify(next)));
        // Untouched: the metadata's name line and every task that is the same, with its comment.
        expect(result!.text).toContain(`  name: ${String(document.getIn(["metadata", "name"]))}\n`);
        const before = text.split("\n");
        for (const item of (document.getIn(["spec", "tasks"], true) as { items: { range: number[] }[] }).items) {
          const source = text.slice(item.range[0], item.range[1]);
          const name = (item as unknown as { get(k: string): unknown }).get("name");
          const same = next.spec.tasks.find((t) => t.name === name);
          const original = value.spec.tasks.find((t) => t.name === name);
          if (same && JSON.stringify(same) === JSON.stringify(original)) expect(result!.text).toContain(source);
        }
        if (comments) {
          for (const line of before.filter((l) => l.trim() === "# a pipeline")) expect(result!.text).toContain(line);
        }
        if (JSON.stringify(next) === JSON.stringify(value)) expect(result!.text).toBe(text);
      }),
      { numRuns: 400 },
    );
  });
});
