// Multi-row INSERTs as plain SQL for the bulk rows of one run (TaskRuns, steps, measurements): Prisma's
// createMany compiles every batch again and allocates ~50 KB per row, which a run of 5,000 TaskRuns cannot afford.
import { Prisma } from "../../generated/sqlite/client";
import type { DatabaseTarget } from "./database-url";
import type { Tx } from "./store-manual-tables";

export type Column = { name: string; type: "int" | "float" | "text" | "time" };
export type Value = string | number | Date | null;

/** Rows per statement: 13 columns × 1,000 stays far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const ROWS_PER_STATEMENT = 1000;

/**
 * A DateTime as Prisma stores it: SQLite keeps ISO 8601 text with "+00:00" (filters compare these strings);
 * PostgreSQL a `timestamp(3)` of the UTC wall time, which the cast makes of the same text.
 */
function param(kind: DatabaseTarget["kind"], type: Column["type"], value: Value): Prisma.Sql {
  if (value === null) return Prisma.sql`NULL`;
  if (type !== "time") return Prisma.sql`${value}`;
  const text = (value as Date).toISOString().slice(0, 23) + "+00:00";
  return kind === "postgresql" ? Prisma.sql`CAST(${text} AS TIMESTAMP(3))` : Prisma.sql`${text}`;
}

function statement(kind: DatabaseTarget["kind"], table: string, columns: readonly Column[], rows: Value[][]) {
  const names = Prisma.raw(columns.map((c) => `"${c.name}"`).join(", "));
  const tuples = rows.map(
    (row) => Prisma.sql`(${Prisma.join(row.map((value, i) => param(kind, columns[i]!.type, value)))})`,
  );
  return Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${names}) VALUES ${Prisma.join(tuples)}`;
}

/** Inserts the rows, a thousand per statement. */
export async function insertRows(
  tx: Tx,
  kind: DatabaseTarget["kind"],
  table: string,
  columns: readonly Column[],
  rows: Value[][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await tx.$executeRaw(statement(kind, table, columns, rows.slice(i, i + ROWS_PER_STATEMENT)));
  }
}

/** Inserts the rows and returns each new row's id with the value of `key`, in no particular order. */
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
    const sql = Prisma.sql`${statement(kind, table, columns, rows.slice(i, i + ROWS_PER_STATEMENT))} RETURNING "id" AS id, ${Prisma.raw(`"${key}"`)} AS key`;
    const returned = await tx.$queryRaw<{ id: number | bigint; key: string }[]>(sql);
    for (const row of returned) out.push({ id: Number(row.id), key: row.key });
  }
  return out;
}
