// Patch mode's new tasks list: the planned tasks take their role's place among the user's tasks, unchanged
// base nodes are reused (so their comments stay), and roles the base lacks go after the earlier roles.
import type { Node } from "yaml";
import { isManaged, MANAGED_ROLES, roleOf, type BaseFile, type ManagedRole } from "./patch-base";
import type { Plan, Role } from "./plan-types";
import { sameValue, type PipelineTask } from "./tekton";

/** New tasks list: planned tasks at their role's place; unchanged base nodes reused, so their comments stay. */
export function composeTasks(base: BaseFile, plan: Plan, baseTasks: PipelineTask[], keep: Set<string>): Node[] {
  const baseNodes = new Map(baseTasks.map((task, i) => [task.name, base.tasks.items[i] as Node]));
  const plannedByRole = new Map<ManagedRole, PipelineTask[]>();
  for (const { role, task } of plan.tasks) {
    if (isManaged(role)) plannedByRole.set(role, [...(plannedByRole.get(role) ?? []), task]);
  }
  // A replaced task keeps its comment; a renamed one does not (the comment described the old task).
  const nodeFor = (task: PipelineTask): Node => {
    const original = baseTasks.find((candidate) => candidate.name === task.name);
    const existing = baseNodes.get(task.name);
    if (original && existing && sameValue(original, task)) return existing;
    const node = base.document.createNode(task, { aliasDuplicateObjects: false }) as Node;
    node.commentBefore = existing?.commentBefore;
    return node;
  };
  const items: { node: Node; role: Role | "other" }[] = [];
  const emitted = new Set<ManagedRole>();
  const emit = (role: ManagedRole) => {
    emitted.add(role);
    for (const task of plannedByRole.get(role) ?? []) items.push({ node: nodeFor(task), role });
  };
  baseTasks.forEach((task, i) => {
    const role = roleOf(task);
    const node = base.tasks.items[i] as Node;
    if (!isManaged(role) || keep.has(task.name)) items.push({ node, role });
    if (isManaged(role) && !emitted.has(role)) emit(role);
  });
  // Roles the base lacks go right after the last task of an earlier role (clone → prefetch → build → …).
  for (const role of MANAGED_ROLES.filter((candidate) => !emitted.has(candidate))) {
    const rank = MANAGED_ROLES.indexOf(role);
    const after = items.findLastIndex(
      (item) => item.role === "init" || (isManaged(item.role) && MANAGED_ROLES.indexOf(item.role) < rank),
    );
    const tasks = plannedByRole.get(role) ?? [];
    items.splice(
      after + 1,
      0,
      ...tasks.map((task) => ({
        node: base.document.createNode(task, { aliasDuplicateObjects: false }) as Node,
        role,
      })),
    );
    emitted.add(role);
  }
  return items.map((item) => item.node);
}
