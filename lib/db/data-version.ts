// A component's data version: Component.dataVersion, raised by every write transaction that touches the
// component's runs, measurements or planned payload (store-bundle.ts, store-run.ts, store-manual-tables.ts). The
// component's API answers use it as their ETag (lib/http/etag.ts), so reading it must stay one primary-key-sized
// lookup.
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
