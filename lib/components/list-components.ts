// The components list: each component with its run count and its latest run's status, platforms and strategy.
import type { Db } from "../db/client";

export interface ComponentSummary {
  name: string;
  application: string | null;
  runs: number;
  lastRunAt: string | null;
  lastRunStatus: string | null;
  /** "tekton" for a real PipelineRun, "manual-table" for a hand-measured table (its date has no time of day). */
  lastRunOrigin: string | null;
  platforms: string[];
  strategy: string | null;
}

export async function listComponents(db: Db): Promise<ComponentSummary[]> {
  const components = await db.component.findMany({
    orderBy: { name: "asc" },
    select: {
      name: true,
      application: true,
      _count: { select: { runs: true } },
      runs: {
        orderBy: [{ startTime: { sort: "desc", nulls: "last" } }, { id: "desc" }],
        take: 1,
        select: { startTime: true, status: true, platforms: true, strategy: true, origin: true },
      },
    },
  });
  return components.map((component) => {
    const last = component.runs[0];
    return {
      name: component.name,
      application: component.application,
      runs: component._count.runs,
      lastRunAt: last?.startTime?.toISOString() ?? null,
      lastRunStatus: last?.status ?? null,
      lastRunOrigin: last?.origin ?? null,
      platforms: last?.platforms ? last.platforms.split(",").filter(Boolean) : [],
      strategy: last?.strategy ?? null,
    };
  });
}
