// The regressions `npm run seed:large` injects after seeding, deterministically (docs/regressions.md "The injected
// regressions"), and the JSON list of them that `npm run regressions:eval` scores the detector against.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** How many of a cell's latest values an injection changes: the default recent window (10), so a regression
 * began at the first run of that window (docs/regressions.md "Power"). */
export const INJECTED_RUNS = 10;

export interface InjectionSpec {
  id: string;
  description: string;
  /** Where in the component list (0 = first, 1 = last) to start looking for a component that has the arches. */
  at: number;
  /** The arches changed ("every" = each arch with a value). */
  arches: string[] | "every";
  /** Platforms the component must build besides those arches. */
  needs?: string[];
  phase: string;
  kind: "seconds" | "bytes";
  factor: number;
}

export const INJECTIONS: InjectionSpec[] = [
  {
    id: "rsync-s390x-doubled",
    description: "s390x rsync takes twice as long (a slower link to the IBM Z builders)",
    at: 0,
    arches: ["s390x"],
    phase: "rsync",
    kind: "seconds",
    factor: 2,
  },
  {
    id: "payload-doubled",
    description: "the lockfile doubled: every arch's payload bytes ×2",
    at: 0.05,
    arches: "every",
    needs: ["amd64", "arm64", "ppc64le", "s390x", "source"],
    phase: "payload",
    kind: "bytes",
    factor: 2,
  },
  {
    id: "build-ppc64le-slower",
    description: "ppc64le builds take 1.5× as long (a smaller builder VM)",
    at: 0.25,
    arches: ["ppc64le"],
    phase: "build",
    kind: "seconds",
    factor: 1.5,
  },
  {
    id: "prefetch-shared-slower",
    description: "the shared prefetch takes 1.8× as long (a slow RPM mirror)",
    at: 0.6,
    arches: ["shared"],
    phase: "prefetch",
    kind: "seconds",
    factor: 1.8,
  },
];

/** One changed cell: the ground truth the detector is scored against. */
export interface InjectedCell {
  injection: string;
  description: string;
  component: string;
  arch: string;
  phase: string;
  kind: "seconds" | "bytes";
  factor: number;
  /** Runs whose value was multiplied (the cell's latest INJECTED_RUNS values), and the first of them. */
  runs: number;
  firstRunId: number;
  firstRunName: string;
}

/** The statements an injection needs, in `?` placeholders (the sink numbers them for PostgreSQL). */
export interface SqlRunner {
  select<T>(sql: string, params: (string | number)[]): Promise<T[]>;
  exec(sql: string, params: (string | number)[]): Promise<void>;
}

export interface SeededComponent {
  id: number;
  name: string;
  platforms: string[];
}

/** The component for a spec: from its position on, the first not taken that builds every arch it names. */
function pickComponent(spec: InjectionSpec, components: SeededComponent[], taken: Set<number>): SeededComponent | null {
  if (components.length === 0) return null;
  const start = Math.round(spec.at * (components.length - 1));
  for (let step = 0; step < components.length; step++) {
    const component = components[(start + step) % components.length]!;
    if (taken.has(component.id)) continue;
    const arches = [...(spec.needs ?? []), ...(spec.arches === "every" ? [] : spec.arches)];
    if (arches.filter((arch) => arch !== "shared").every((arch) => component.platforms.includes(arch)))
      return component;
  }
  return null;
}

/** Multiplies the latest INJECTED_RUNS values of each spec's cells (Measurement and RunPhase alike). */
export async function injectRegressions(sql: SqlRunner, components: SeededComponent[]): Promise<InjectedCell[]> {
  const taken = new Set<number>();
  const injected: InjectedCell[] = [];
  for (const spec of INJECTIONS) {
    const component = pickComponent(spec, components, taken);
    if (!component) continue;
    taken.add(component.id);
    const column = spec.kind === "bytes" ? `"bytes"` : `"seconds"`;
    const arches =
      spec.arches === "every"
        ? (
            await sql.select<{ arch: string }>(
              `SELECT DISTINCT "arch" AS arch FROM "RunPhase" WHERE "componentId" = ? AND "phase" = ? ORDER BY arch`,
              [component.id, spec.phase],
            )
          ).map((row) => row.arch)
        : spec.arches;
    for (const arch of arches) {
      const runs = await sql.select<{ id: number; name: string }>(
        `SELECT p."pipelineRunId" AS id, r."name" AS name FROM "RunPhase" p JOIN "PipelineRun" r ON r."id" = p."pipelineRunId"
         WHERE p."componentId" = ? AND p."arch" = ? AND p."phase" = ? AND p.${column} IS NOT NULL
         ORDER BY p."sortTime" DESC, p."pipelineRunId" DESC LIMIT ?`,
        [component.id, arch, spec.phase, INJECTED_RUNS],
      );
      const first = runs.at(-1);
      if (!first) continue;
      const ids = runs.map((run) => Number(run.id));
      for (const table of ["Measurement", "RunPhase"]) {
        await sql.exec(
          `UPDATE "${table}" SET ${column} = ${column} * ? WHERE "componentId" = ? AND "arch" = ? AND "phase" = ?
           AND "pipelineRunId" IN (${ids.map(() => "?").join(", ")})`,
          [spec.factor, component.id, arch, spec.phase, ...ids],
        );
      }
      injected.push({
        injection: spec.id,
        description: spec.description,
        component: component.name,
        arch,
        phase: spec.phase,
        kind: spec.kind,
        factor: spec.factor,
        runs: runs.length,
        firstRunId: Number(first.id),
        firstRunName: first.name,
      });
    }
  }
  return injected;
}

/** Where the list goes by default: next to a SQLite file, else under ./data. */
export function defaultInjectedFile(target: { kind: "sqlite"; file: string } | { kind: "postgresql" }): string {
  return target.kind === "sqlite"
    ? `${target.file}.injected-regressions.json`
    : "data/seed-large.injected-regressions.json";
}

export function writeInjected(file: string, cells: InjectedCell[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ injectedRuns: INJECTED_RUNS, cells }, null, 2)}\n`);
}

export function readInjected(file: string): InjectedCell[] {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { cells?: InjectedCell[] };
  if (!Array.isArray(parsed.cells)) throw new Error(`${file} holds no "cells" list of injected regressions`);
  return parsed.cells;
}
