// Multi-row INSERTs as plain SQL for the bulk rows of one run (TaskRuns, steps, measurements): Prisma's
// createMany compiles every batch again and allocates ~50 KB per row, which a run of 5,000 TaskRuns cannot afford.
import type { DatabaseTarget } from "./database-url";
import type { Tx } from "./connect";
import { breathe } from "./sqlite-gate";

export type Column = { name: string; type: "int" | "float" | "text" | "time" };
export type Value = string | number | Date | null;

/**
 * Rows per statement. Prisma keeps the arguments of its last 100 calls for its debug log (whether or not DEBUG is
 * set), so the statements themselves must stay small: with 1,000 rows each, a run of 5,000 TaskRuns left ~50 MiB
 * reachable after its upload had finished; with 100, ~10 MiB (docs/measurements.md "Scale").
 */
const ROWS_PER_STATEMENT = 100;

/**
 * One multi-row INSERT as SQL text with placeholders and its flat list of values (a Prisma.Sql per value, as
 * before, was several objects per value to build and flatten again). Only the constant table and column names
 * are written into the text; every value is a bound parameter.
 *
 * A DateTime is bound as Prisma stores it: SQLite keeps ISO 8601 text with "+00:00" (filters compare these
 * strings); PostgreSQL a `timestamp(3)` of the UTC wall time, which the cast makes of the same text.
 */
function statement(kind: DatabaseTarget["kind"], table: string, columns: readonly Column[], rows: Value[][]) {
  const values: (string | number)[] = [];
  const tuples: string[] = [];
  const placeholder = () => (kind === "postgresql" ? `$${values.length}` : "?");
  for (const row of rows) {
    const cells: string[] = [];
    row.forEach((value, i) => {
      if (value === null) {
        cells.push("NULL");
      } else if (columns[i]!.type === "time") {
        values.push((value as Date).toISOString().slice(0, 23) + "+00:00");
        cells.push(kind === "postgresql" ? `CAST(${placeholder()} AS TIMESTAMP(3))` : placeholder());
      } else {
        values.push(value as string | number);
        cells.push(placeholder());
      }
    });
    tuples.push(`(${cells.join(", ")})`);
  }
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  return { sql: `INSERT INTO "${table}" (${names}) VALUES ${tuples.join(", ")}`, values };
}

/** Inserts the rows, ROWS_PER_STATEMENT per statement, letting the event loop turn between statements. */
export async function insertRows(
  tx: Tx,
  kind: DatabaseTarget["kind"],
  table: string,
  columns: readonly Column[],
  rows: Value[][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    if (i > 0) await breathe();
    const { sql, values } = statement(kind, table, columns, rows.slice(i, i + ROWS_PER_STATEMENT));
    await tx.$executeRawUnsafe(sql, ...values);
  }
}

/** Inserts the rows and returns each new row's id with the value of `key`, in no particular order (as insertRows). */
export async function insertRowsReturning(
  tx: Tx,
  kind: DatabaseTarget["kind"],
  table: string,
  columns: readonly Column[],
  rows: Value[][],
  key: string,
): Promise<{ id: number; key: string }[]> {
  const out: { id: number; key: string }[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    if (i > 0) await breathe();
    const { sql, values } = statement(kind, table, columns, rows.slice(i, i + ROWS_PER_STATEMENT));
    const returned = await tx.$queryRawUnsafe<{ id: number | bigint; key: string }[]>(
      `${sql} RETURNING "id" AS id, "${key}" AS key`,
      ...values,
    );
    for (const row of returned) out.push({ id: Number(row.id), key: row.key });
  }
  return out;
}
