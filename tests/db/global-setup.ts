// Starts one throwaway PostgreSQL cluster for the whole db test run (each test file then creates its
// own databases in it). TEST_POSTGRES_URL points at an existing server instead. PostgreSQL tests are
// never skipped silently: if no server can be had, the run fails and says why.
import type { TestProject } from "vitest/node";
import { startPgCluster, type PgCluster } from "../../cli/pg-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

let cluster: PgCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  const external = process.env.TEST_POSTGRES_URL;
  if (external) {
    project.provide("postgresAdminUrl", external);
    return;
  }
  try {
    cluster = await startPgCluster("advisor_admin");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `\n\n*** PostgreSQL integration tests cannot run: ${message}\n` +
        "*** Install Debian's postgresql package (npm test does this when run as root) or set TEST_POSTGRES_URL.\n",
    );
  }
  console.log(`[db tests] throwaway PostgreSQL cluster on 127.0.0.1:${cluster.port}`);
  project.provide("postgresAdminUrl", cluster.url);
}

export function teardown(): void {
  cluster?.stop();
}
