// `npm run db -- status`: which database, which migrations, how many rows.
import type { Env } from "../config/env";
import { createDb } from "./connect";
import { parseDatabaseUrl, redactPassword } from "./database-url";

export async function statusReport(env: Env, projectRoot: string): Promise<string> {
  const target = parseDatabaseUrl(env.DATABASE_URL, projectRoot);
  const { db } = createDb(target);
  try {
    const [components, uploads, runs, taskRuns, steps, measurements] = await Promise.all([
      db.component.count(),
      db.upload.count(),
      db.pipelineRun.count(),
      db.taskRun.count(),
      db.step.count(),
      db.measurement.count(),
    ]);
    const where = target.kind === "sqlite" ? target.file : redactPassword(target.url);
    return [
      `database: ${target.kind} ${where}`,
      `components ${components}, uploads ${uploads}, pipeline runs ${runs}, task runs ${taskRuns}, steps ${steps}, measurements ${measurements}`,
    ].join("\n");
  } finally {
    await db.$disconnect();
  }
}
