// Patch mode's params and workspaces: declares what the new tasks use, updates the PipelineRun's values, and
// drops derived inputs and PVC workspaces nothing uses any more.
import { isSeq, type Document, type Node, type YAMLMap, type YAMLSeq } from "yaml";
import type { GenerateRequest } from "./options";
import type { BaseFile } from "./patch-base";
import type { PatchState } from "./patch-rewire";
import type { Plan } from "./plan-types";
import { sameValue, type PipelineTask } from "./tekton";

function ensureSeq(document: Document.Parsed, path: string[]): YAMLSeq {
  const existing = document.getIn(path, true);
  if (isSeq(existing)) return existing as YAMLSeq;
  document.setIn(path, document.createNode([]));
  return document.getIn(path, true) as YAMLSeq;
}

const namesIn = (seq: YAMLSeq) => seq.items.map((item) => String((item as YAMLMap).get("name")));

/** Derived per-arch inputs (`prefetch-input-<arch>`) that no task uses any more: left over by a split strategy. */
const isStaleDerivedInput = (name: string, used: Set<string>) => name.startsWith("prefetch-input-") && !used.has(name);

export function syncParams(
  base: BaseFile,
  plan: Plan,
  request: GenerateRequest,
  used: Set<string>,
  state: PatchState,
): void {
  const declarations = ensureSeq(base.document, [...base.specPath, "params"]);
  const declared = new Set(namesIn(declarations));
  for (const name of used) {
    const spec = plan.params.find((param) => param.name === name);
    if (!declared.has(name) && spec) {
      declarations.add(base.document.createNode(spec));
      state.changed = true;
    }
  }
  const dropStale = (seq: YAMLSeq) => {
    const before = seq.items.length;
    seq.items = seq.items.filter((item) => !isStaleDerivedInput(String((item as YAMLMap).get("name")), used));
    if (seq.items.length !== before) state.changed = true;
  };
  dropStale(declarations);
  if (!base.isRun) return;
  const values = ensureSeq(base.document, ["spec", "params"]);
  dropStale(values);
  for (const value of plan.values) {
    const derived = value.name.startsWith("prefetch-input-") && used.has(value.name);
    // build-platforms is only touched where the file has it or a matrix now needs it.
    const platforms = value.name === "build-platforms";
    const input = value.name === "prefetch-input" && request.options.prefetchInput !== undefined;
    if (!derived && !platforms && !input) continue;
    const item = values.items.find((candidate) => (candidate as YAMLMap).get("name") === value.name) as
      YAMLMap | undefined;
    if (item === undefined) {
      if (platforms && !used.has("build-platforms")) continue;
      values.add(base.document.createNode(value));
      state.changed = true;
    } else if (!sameValue((item.get("value", true) as Node | undefined)?.toJSON(), value.value)) {
      item.set("value", base.document.createNode(value.value));
      state.changed = true;
    }
  }
}

export function syncWorkspaces(
  base: BaseFile,
  plan: Plan,
  finalTasks: PipelineTask[],
  removedUses: Set<string>,
  state: PatchState,
): void {
  const used = new Set(finalTasks.flatMap((task) => (task.workspaces ?? []).map((binding) => binding.workspace)));
  const declarations = ensureSeq(base.document, [...base.specPath, "workspaces"]);
  const bindings = base.isRun ? ensureSeq(base.document, ["spec", "workspaces"]) : undefined;
  const isStale = (item: unknown) => {
    const name = String((item as YAMLMap).get("name"));
    return removedUses.has(name) && !used.has(name);
  };
  for (const seq of [declarations, bindings]) {
    if (!seq) continue;
    const before = seq.items.length;
    seq.items = seq.items.filter((item) => !isStale(item));
    if (seq.items.length !== before) state.changed = true;
  }
  const planBindings = new Map(plan.bindings.map((binding) => [binding.name, binding]));
  for (const name of plan.pvcWorkspaces) {
    const declaration = plan.workspaces.find((workspace) => workspace.name === name);
    if (declaration && !namesIn(declarations).includes(name)) {
      declarations.add(base.document.createNode(declaration));
      state.changed = true;
    }
    const binding = planBindings.get(name);
    if (binding && bindings && !namesIn(bindings).includes(name)) {
      bindings.add(base.document.createNode(binding));
      state.changed = true;
    }
  }
}
