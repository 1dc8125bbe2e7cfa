// The strategies a component's runs were detected with, for the filter's choices.
import type { Db } from "../db/connect";

export async function listStrategies(db: Db, componentName: string): Promise<string[]> {
  const rows = await db.pipelineRun.findMany({
    where: { component: { name: componentName } },
    distinct: ["strategy"],
    select: { strategy: true },
    orderBy: { strategy: "asc" },
  });
  return rows.map((row) => row.strategy);
}
