// A large JSON List read item by item from its bytes (lib/tekton/json-list.ts) must read exactly what parsing the
// whole text reads: the same objects, the same skipped kinds, and for a broken file the same error.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { jsonListLayout, LazyJsonArray } from "@/lib/tekton/json-list";
import { parseTektonText } from "@/lib/tekton/parse-documents";
import { initTr, prV1 } from "./fixtures-shapes";
import { kubectlList, resultsRecord } from "./fixtures";

const bytes = (text: string) => Buffer.from(text, "utf8");

function elementsOf(text: string): unknown[] | null {
  const layout = jsonListLayout(bytes(text));
  if (layout === null) return null;
  const lazy = new LazyJsonArray(bytes(text), layout.elements);
  return Array.from({ length: lazy.length }, (_, index) => lazy.at(index));
}

describe("jsonListLayout", () => {
  it("cuts a kubectl List into its other members and each item", () => {
    const list = kubectlList();
    const text = JSON.stringify(list, null, 4);
    const layout = jsonListLayout(bytes(text))!;
    expect(layout.key).toBe("items");
    expect(layout.head).toEqual({ apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" } });
    expect(layout.elements.length).toBe(list.items.length * 2);
    expect(elementsOf(text)).toEqual(list.items);
  });

  it("reads a Tekton Results record list (no kind, `records`) and a typed list", () => {
    const records = { records: [resultsRecord(initTr())], nextPageToken: "" };
    expect(jsonListLayout(bytes(JSON.stringify(records)))?.key).toBe("records");
    expect(elementsOf(JSON.stringify(records))).toEqual(records.records);
    const typed = { apiVersion: "tekton.dev/v1", kind: "TaskRunList", items: [initTr()] };
    expect(elementsOf(JSON.stringify(typed))).toEqual(typed.items);
  });

  it("cuts multi-byte UTF-8 and escapes exactly", () => {
    const item = { metadata: { name: 'é😀 "}]{[\\' }, note: "\u2028 \\u0000" };
    const text = `\n {"kind" : "List" ,"items":[ ${JSON.stringify(item)} , {} ,[1,"]"] ] }\n`;
    expect(elementsOf(text)).toEqual([item, {}, [1, "]"]]);
  });

  it.each([
    ["a top-level array", "[1, 2]"],
    ["an object that is not a List", '{"kind": "Pod", "items": []}'],
    ["a List without items", '{"kind": "List"}'],
    ["items that are not an array", '{"kind": "List", "items": {}}'],
    ["two items members", '{"kind": "List", "items": [], "items": []}'],
    ["items and records", '{"kind": "List", "items": [], "records": []}'],
    ["records with a kind", '{"kind": "Record", "records": []}'],
    ["text after the object", '{"kind": "List", "items": []} {}'],
    ["a missing comma", '{"kind": "List" "items": []}'],
    ["a truncated item", '{"kind": "List", "items": [{"a": 1}, {"b": '],
    ["an unterminated string", '{"kind": "List", "items": ["abc]}'],
    ["a bad head member", '{"kind": "List", "metadata": {,}, "items": []}'],
    ["an empty object", "{}"],
    ["nothing", ""],
  ])("gives null for %s (the whole text is parsed instead)", (_, text) => {
    expect(jsonListLayout(bytes(text))).toBeNull();
  });

  it("finds the elements JSON.parse finds, whatever the layout and content", () => {
    const text = fc.string({ unit: fc.constantFrom("{", "}", "[", "]", '"', "\\", "\n", ",", ":", "a", "é", "😀") });
    const element = fc.oneof(fc.jsonValue(), fc.dictionary(text, fc.jsonValue()), fc.array(text));
    fc.assert(
      fc.property(
        fc.array(element, { maxLength: 12 }),
        fc.dictionary(text, fc.jsonValue(), { maxKeys: 3 }),
        fc.constantFrom(undefined, 0, 2, 4, "\t"),
        (items, extra, indent) => {
          const head = { ...extra, kind: "List" };
          delete (head as Record<string, unknown>).items;
          delete (head as Record<string, unknown>).records;
          const json = JSON.stringify({ ...head, items }, null, indent);
          const layout = jsonListLayout(bytes(json));
          expect(layout).not.toBeNull();
          expect(layout!.head).toEqual(JSON.parse(JSON.stringify(head)));
          expect(elementsOf(json)).toEqual(JSON.parse(json).items);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("parseTektonText reading a List item by item", () => {
  type Outcome = { docs: unknown } | { error: string };

  function outcome(run: () => unknown): Outcome {
    try {
      return { docs: run() };
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return { error: (error as AppError).message };
    }
  }

  /** Item by item (every size) against the whole text parsed at once (the path small files take). */
  function expectSameReading(text: string, file = "export.json") {
    const lazy = outcome(() => parseTektonText(bytes(text), file, { lazyListFrom: 0 }));
    const whole = outcome(() => parseTektonText(text, file));
    expect(lazy).toEqual(whole);
    return lazy;
  }

  it("reads a kubectl export the same way, with a byte order mark too", () => {
    const text = JSON.stringify(kubectlList(), null, 2);
    const read = expectSameReading(text) as { docs: { taskRuns: unknown[]; pipelineRuns: unknown[] } };
    expect(read.docs.pipelineRuns).toHaveLength(1);
    expect(read.docs.taskRuns).toHaveLength(kubectlList().items.length - 1);
    expect(outcome(() => parseTektonText(bytes(`\uFEFF${text}`), "bom.json", { lazyListFrom: 0 }))).toEqual(read);
  });

  it("never parses the whole file at once when it is a List", () => {
    const text = JSON.stringify(kubectlList(), null, 2);
    const parse = vi.spyOn(JSON, "parse");
    try {
      parseTektonText(bytes(text), "export.json", { lazyListFrom: 0 });
      const longest = Math.max(...parse.mock.calls.map(([source]) => String(source).length));
      expect(parse.mock.calls.length).toBeGreaterThan(kubectlList().items.length);
      expect(longest).toBeLessThan(text.length / 2);
    } finally {
      parse.mockRestore();
    }
  });

  it("answers a broken item with the error of the whole file", () => {
    const list = kubectlList();
    const valid = { ...list, items: [...list.items] };
    // An invalid object: the first invalid object is named, as when the file is parsed whole.
    (valid.items[2] as { status: unknown }).status = { startTime: "yesterday", steps: [] };
    const invalid = expectSameReading(JSON.stringify(valid));
    expect(invalid).toMatchObject({ error: expect.stringMatching(/^export\.json: .*startTime/) });
    // Bad JSON after an invalid object: the syntax error wins, as it does when the whole text is parsed.
    const text = JSON.stringify(valid);
    expect(expectSameReading(`${text.slice(0, -3)}!]}`)).toMatchObject({ error: expect.stringContaining("JSON") });
  });

  it("reads the same objects, or says the same, for any cut, flip or mix of kinds", () => {
    const item = fc.oneof(
      fc.constant(null).map(() => initTr()),
      fc.constant(null).map(() => prV1()),
      fc.record({ apiVersion: fc.constant("v1"), kind: fc.constantFrom("Pod", "Event"), metadata: fc.jsonValue() }),
      fc.jsonValue(),
    );
    const mutation = fc.oneof(
      fc.constant({ kind: "none" as const }),
      fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant("flip" as const),
        at: fc.nat(),
        char: fc.constantFrom("{", "]", '"', ",", "x", " "),
      }),
    );
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 6 }),
        fc.constantFrom("List", "TaskRunList", "PipelineRunList"),
        mutation,
        (items, kind, change) => {
          let text = JSON.stringify({ apiVersion: "v1", kind, items }, null, 1);
          if (change.kind === "cut") text = text.slice(0, change.at % text.length);
          if (change.kind === "flip") {
            const at = change.at % text.length;
            text = `${text.slice(0, at)}${change.char}${text.slice(at + 1)}`;
          }
          expectSameReading(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
