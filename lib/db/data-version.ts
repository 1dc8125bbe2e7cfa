// A component's data version: Component.dataVersion, raised by every write transaction that touches the
// component's runs, measurements or planned payload (store-bundle.ts, store-run.ts, store-manual-tables.ts). The
// component's API answers use it as their ETag (lib/http/etag.ts), so reading it must stay one primary-key-sized
// lookup. With the database's data signature it makes a component's data state: what an answer that also depends on
// other components (pooled rates) or on writes made outside the store code is keyed on.
import { randomBytes } from "node:crypto";
import type { Db, Tx } from "./connect";

/** Raises the version of the named components (sorted, so concurrent writers lock the rows in one order). */
export async function bumpDataVersion(tx: Tx, names: Iterable<string>): Promise<void> {
  const unique = [...new Set(names)].sort();
  if (unique.length === 0) return;
  await tx.component.updateMany({ where: { name: { in: unique } }, data: { dataVersion: { increment: 1 } } });
}

/** Raises the version of components by id (a run that moved away from its old component). */
export async function bumpDataVersionById(tx: Tx, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.component.updateMany({ where: { id: { in: [...ids] } }, data: { dataVersion: { increment: 1 } } });
}

/** "<id>.<version>" of the named component, or null when there is none. */
export async function componentDataVersion(db: Db, name: string): Promise<string | null> {
  const row = await db.component.findUnique({ where: { name }, select: { id: true, dataVersion: true } });
  return row ? `${row.id}.${row.dataVersion}` : null;
}

/**
 * What the whole database looked like: a stored or re-derived run raises the highest PipelineRun or RunPhase id (its
 * rows are written again; ids are never reused), and a deleted run raises RunDeletions.deleted (a trigger counts
 * every deletion, whoever made it: migration run_deletions). Three index lookups, well under a millisecond at any
 * size (the COUNT(*) of runs it replaces took 235 ms at 1M runs on PostgreSQL).
 */
export async function dataSignature(db: Db): Promise<string> {
  const [row] = await db.$queryRaw<
    { phase: number | bigint | null; run: number | bigint | null; deleted: number | bigint | null }[]
  >`
    SELECT (SELECT MAX("id") FROM "RunPhase") AS phase, (SELECT MAX("id") FROM "PipelineRun") AS run,
           (SELECT "deleted" FROM "RunDeletions" WHERE "id" = 1) AS deleted`;
  return `${String(row?.phase ?? 0)}:${String(row?.run ?? 0)}:${String(row?.deleted ?? 0)}`;
}

/** A random tag per client: two databases (or one emptied and filled again) never share a state string. */
const instanceTags = new WeakMap<Db, string>();

function instanceTag(db: Db): string {
  let tag = instanceTags.get(db);
  if (!tag) {
    tag = randomBytes(6).toString("base64url");
    instanceTags.set(db, tag);
  }
  return tag;
}

/**
 * "<client tag>/<id>.<version>:<signature>" of the named component, or null when there is none (./dataSignature
 * above): what ETags and remembered answers are keyed on. The client tag keeps two databases apart in one process.
 */
export async function componentDataState(db: Db, name: string): Promise<string | null> {
  const [version, signature] = await Promise.all([componentDataVersion(db, name), dataSignature(db)]);
  return version === null ? null : `${instanceTag(db)}/${version}:${signature}`;
}

/**
 * "<client tag>/<components>.<their versions' sum>:<signature>": the state of everything the components list shows
 * (every component's data version, and the data signature for runs and pooling), for its ETag and remembered body.
 * One pass over Component (a row per component), and the three lookups of ./dataSignature.
 */
export async function listDataState(db: Db): Promise<string> {
  const [[row], signature] = await Promise.all([
    db.$queryRaw<{ components: number | bigint; versions: number | bigint | null }[]>`
      SELECT COUNT(*) AS components, SUM("dataVersion") AS versions FROM "Component"`,
    dataSignature(db),
  ]);
  return `${instanceTag(db)}/${String(row?.components ?? 0)}.${String(row?.versions ?? 0)}:${signature}`;
}
