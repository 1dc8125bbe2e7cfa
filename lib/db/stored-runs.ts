// Finds runs already stored that an upload adds to: the same PipelineRun (by uid, or by name and namespace when
// one side has no uid), the runs of TaskRuns named by logs, and runs named by `tkn pr logs` files. Reads only.
import type { Db } from "./connect";

export interface StoredRunRef {
  id: number;
  uid: string | null;
  name: string;
  namespace: string | null;
  origin: string;
  /** The run's snapshot (lib/measure/snapshot.ts), when one of this version was kept. */
  snapshot: { version: number; data: Uint8Array } | null;
}

const SELECT = {
  id: true,
  uid: true,
  name: true,
  namespace: true,
  origin: true,
  snapshot: { select: { version: true, data: true } },
} as const;

/** IN lists are cut into chunks: SQLite and PostgreSQL limit the parameters of one statement. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * The stored run an uploaded one is: the same uid, or else the same name and namespace where one of the two has
 * no uid (a run built from TaskRuns that did not carry it, a hand-trimmed export). Never a run of another origin
 * than Tekton's (hand tables).
 */
export async function findStoredRun(
  db: Db,
  run: { uid: string | null; name: string; namespace: string | null },
): Promise<StoredRunRef | null> {
  if (run.uid !== null) {
    const byUid = await db.pipelineRun.findUnique({ where: { uid: run.uid }, select: SELECT });
    if (byUid) return byUid;
  }
  const byName = await db.pipelineRun.findMany({
    where: {
      name: run.name,
      origin: { in: ["tekton", "taskruns-only"] },
      ...(run.namespace !== null ? { OR: [{ namespace: run.namespace }, { namespace: null }] } : {}),
      ...(run.uid !== null ? { uid: null } : {}),
    },
    select: SELECT,
    orderBy: { id: "desc" },
    take: 1,
  });
  return byName[0] ?? null;
}

/** For each TaskRun name, the stored runs holding a TaskRun of that name (newest first). */
export async function findRunsOfTaskRuns(db: Db, names: readonly string[]): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  for (const chunk of chunks([...new Set(names)])) {
    const rows = await db.taskRun.findMany({
      where: { name: { in: chunk } },
      select: { name: true, pipelineRunId: true },
      orderBy: { pipelineRunId: "desc" },
    });
    for (const row of rows) found.set(row.name, [...(found.get(row.name) ?? []), row.pipelineRunId]);
  }
  return found;
}

/** For each PipelineRun name, the newest stored Tekton run of that name. */
export async function findRunsByName(db: Db, names: readonly string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const chunk of chunks([...new Set(names)])) {
    const rows = await db.pipelineRun.findMany({
      where: { name: { in: chunk }, origin: { in: ["tekton", "taskruns-only"] } },
      select: { id: true, name: true },
      orderBy: { id: "desc" },
    });
    for (const row of rows) if (!found.has(row.name)) found.set(row.name, row.id);
  }
  return found;
}

export async function loadStoredRun(db: Db, id: number): Promise<StoredRunRef | null> {
  return db.pipelineRun.findUnique({ where: { id }, select: SELECT });
}
